import type { BoxFields, BoxPatch } from '../../../../shared/api/index'
import type { Db } from '../../connection'
import { statement } from '../../statements'

/** The name under which boxes drawn in oiw are stored and exported (train_bounding_boxes.csv's Source). */
export const drawnBoxSource = 'oiw'

const columns: Record<Exclude<keyof BoxFields, 'classCode'>, string> = {
  xMin: 'x_min', xMax: 'x_max', yMin: 'y_min', yMax: 'y_max',
  isOccluded: 'is_occluded', isTruncated: 'is_truncated', isGroupOf: 'is_group_of', isDepiction: 'is_depiction', isInside: 'is_inside',
}

export interface StoredBox {
  boxId: number
  imageId: number
  classId: number
  fields: BoxFields
}

const selectBox = `SELECT b.id AS boxId, b.image_id AS imageId, b.class_id AS classId, c.code AS classCode,
  b.x_min AS xMin, b.x_max AS xMax, b.y_min AS yMin, b.y_max AS yMax, b.is_occluded AS isOccluded, b.is_truncated AS isTruncated,
  b.is_group_of AS isGroupOf, b.is_depiction AS isDepiction, b.is_inside AS isInside
  FROM boxes AS b JOIN classes AS c ON c.id = b.class_id WHERE b.id = ?`

/** A box as it is now, or null when there is none with that id (never was, or deleted). */
export function storedBox(db: Db, boxId: number): StoredBox | null {
  const row = statement(db, selectBox).get(boxId) as (BoxFields & { boxId: number; imageId: number; classId: number }) | undefined
  if (!row) return null
  const { boxId: id, imageId, classId, ...fields } = row
  return { boxId: id, imageId, classId, fields }
}

function boxSourceId(db: Db, name: string): number {
  statement(db, 'INSERT INTO box_sources (name) VALUES (?) ON CONFLICT (name) DO NOTHING').run(name)
  return statement(db, 'SELECT id FROM box_sources WHERE name = ?').pluck().get(name) as number
}

/** Adds a box drawn in oiw; returns its id. */
export function insertBox(db: Db, imageId: number, classId: number, fields: BoxFields): number {
  const sourceId = boxSourceId(db, drawnBoxSource)
  // Above every id an edit ever named, so a deleted box's id stays free for its revert.
  const id = statement(db, 'SELECT max(coalesce((SELECT max(id) FROM boxes), 0), coalesce((SELECT max(box_id) FROM box_edits), 0)) + 1').pluck().get() as number
  statement(db, 
    `INSERT INTO boxes (id, image_id, class_id, source_id, confidence, x_min, x_max, y_min, y_max, is_occluded, is_truncated, is_group_of, is_depiction, is_inside)
     VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, imageId, classId, sourceId, ...flatFields(fields))
  statement(db, 'INSERT INTO box_edits (box_id, image_id, source_id, deleted, original) VALUES (?, ?, ?, 0, NULL)').run(id, imageId, sourceId)
  return id
}

const flatFields = (f: BoxFields): number[] => [f.xMin, f.xMax, f.yMin, f.yMax, f.isOccluded, f.isTruncated, f.isGroupOf, f.isDepiction, f.isInside]

/** The first edit of an imported box keeps its imported row, verbatim, in box_edits.original. */
function track(db: Db, boxId: number): void {
  statement(db, 
    `INSERT INTO box_edits (box_id, image_id, source_id, deleted, original)
     SELECT id, image_id, source_id, 0, json_object('image_id', image_id, 'class_id', class_id, 'source_id', source_id, 'confidence', confidence,
       'x_min', x_min, 'x_max', x_max, 'y_min', y_min, 'y_max', y_max, 'is_occluded', is_occluded, 'is_truncated', is_truncated,
       'is_group_of', is_group_of, 'is_depiction', is_depiction, 'is_inside', is_inside)
     FROM boxes WHERE id = ? ON CONFLICT (box_id) DO NOTHING`,
  ).run(boxId)
}

/** Writes the patch's fields (class as its id) onto a box that exists. */
export function patchBox(db: Db, boxId: number, patch: BoxPatch, classId: number | null): void {
  track(db, boxId)
  const sets: string[] = []
  const values: number[] = []
  for (const [key, column] of Object.entries(columns)) {
    const value = patch[key as keyof typeof columns]
    if (value === undefined) continue
    sets.push(`${column} = ?`)
    values.push(value)
  }
  if (classId !== null) {
    sets.push('class_id = ?')
    values.push(classId)
  }
  if (sets.length > 0) statement(db, `UPDATE boxes SET ${sets.join(', ')} WHERE id = ?`).run(...values, boxId)
}

export function removeBox(db: Db, boxId: number): void {
  track(db, boxId)
  statement(db, 'DELETE FROM boxes WHERE id = ?').run(boxId)
  statement(db, 'UPDATE box_edits SET deleted = 1 WHERE box_id = ?').run(boxId)
}

/** Puts a deleted box back under its own id, with its source and confidence as they were. */
export function restoreBox(db: Db, boxId: number, classId: number, fields: BoxFields): void {
  const tracked = statement(db, 'SELECT image_id AS imageId, source_id AS sourceId, original FROM box_edits WHERE box_id = ?').get(boxId) as
    | { imageId: number; sourceId: number; original: string | null }
    | undefined
  if (!tracked) throw new Error(`box ${boxId} was never edited`)
  const confidence = tracked.original ? (JSON.parse(tracked.original) as { confidence: number }).confidence : 1
  statement(db, 
    `INSERT INTO boxes (id, image_id, class_id, source_id, confidence, x_min, x_max, y_min, y_max, is_occluded, is_truncated, is_group_of, is_depiction, is_inside)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(boxId, tracked.imageId, classId, tracked.sourceId, confidence, ...flatFields(fields))
  statement(db, 'UPDATE box_edits SET deleted = 0 WHERE box_id = ?').run(boxId)
}

/** Whether an edit ever deleted this box and it is still deleted. */
export function isDeletedBox(db: Db, boxId: number): boolean {
  return (statement(db, 'SELECT deleted FROM box_edits WHERE box_id = ?').pluck().get(boxId) as number | undefined) === 1
}
