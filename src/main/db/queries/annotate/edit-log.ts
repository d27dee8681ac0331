import type { EditHistoryPage, EditReceipt, EditRecord, EditState } from '../../../../shared/api/index'
import type { Db } from '../../connection'
import { statement } from '../../statements'

export interface NewEdit {
  imageId: number
  kind: EditRecord['kind']
  classId: number
  boxId: number | null
  before: EditState | null
  after: EditState | null
  revertsEditId: number | null
}

/** Appends one edit to the history; returns its id. The only statement that writes `edits`. */
export function appendEdit(db: Db, at: string, author: string, edit: NewEdit): number {
  const json = (state: EditState | null) => (state === null ? null : JSON.stringify(state))
  return Number(
    statement(db, 'INSERT INTO edits (at, author, image_id, kind, class_id, box_id, before, after, reverts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(at, author, edit.imageId, edit.kind, edit.classId, edit.boxId, json(edit.before), json(edit.after), edit.revertsEditId).lastInsertRowid,
  )
}

/** The receipt of a request answered before, or null. */
export function answeredRequest(db: Db, requestId: string): EditReceipt | null {
  const receipt = statement(db, 'SELECT receipt FROM edit_requests WHERE request_id = ?').pluck().get(requestId) as string | undefined
  return receipt === undefined ? null : (JSON.parse(receipt) as EditReceipt)
}

export function recordRequest(db: Db, requestId: string, receipt: EditReceipt): void {
  statement(db, 'INSERT INTO edit_requests (request_id, receipt) VALUES (?, ?)').run(requestId, JSON.stringify(receipt))
}

interface EditRow {
  editId: number
  at: string
  author: string
  imageId: string
  kind: EditRecord['kind']
  classCode: string
  className: string
  boxId: number | null
  before: string | null
  after: string | null
  revertsEditId: number | null
  imageRowId: number
  classId: number
}

const selectEdits = `SELECT e.id AS editId, e.at, e.author, i.image_key AS imageId, e.kind, c.code AS classCode, c.name AS className,
  e.box_id AS boxId, e.before, e.after, e.reverts AS revertsEditId, e.image_id AS imageRowId, e.class_id AS classId
  FROM edits AS e JOIN images AS i ON i.id = e.image_id JOIN classes AS c ON c.id = e.class_id`

export type StoredEdit = EditRecord & { imageRowId: number; classId: number }

function toRecord(row: EditRow): StoredEdit {
  const parse = (text: string | null) => (text === null ? null : (JSON.parse(text) as EditState))
  return { ...row, before: parse(row.before), after: parse(row.after) }
}

export function getEdit(db: Db, editId: number): StoredEdit | null {
  const row = statement(db, `${selectEdits} WHERE e.id = ?`).get(editId) as EditRow | undefined
  return row ? toRecord(row) : null
}

/**
 * A page of the history, newest first: of one image (edits_by_image) or of all (the primary key),
 * keyset-paged on the edit id.
 */
export function editHistory(db: Db, imageRowId: number | null, before: number | null, limit: number): EditHistoryPage {
  const below = before ?? Number.MAX_SAFE_INTEGER
  const rows = (
    imageRowId === null
      ? statement(db, `${selectEdits} WHERE e.id < ? ORDER BY e.id DESC LIMIT ?`).all(below, limit + 1)
      : statement(db, `${selectEdits} WHERE e.image_id = ? AND e.id < ? ORDER BY e.id DESC LIMIT ?`).all(imageRowId, below, limit + 1)
  ) as EditRow[]
  const items = rows.slice(0, limit).map((row) => {
    const { imageRowId: _image, classId: _class, ...record } = toRecord(row)
    return record
  })
  return { items, nextBefore: rows.length > limit ? items.at(-1)!.editId : null }
}
