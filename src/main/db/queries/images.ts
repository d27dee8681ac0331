import { join } from 'node:path'
import type { ImagePage, ImageQuery, ImageRecord } from '../../../shared/api/index'
import { ApiError } from '../../../shared/errors'
import { labelSourceId } from '../../../shared/labels'
import type { Db } from '../connection'
import { subcategoryClosure } from './class-tree'
import { classIdByCode } from './classes'
import { decodeCursor, encodeCursor, type Key } from './image-cursors'

/**
 * Image listing. With a class filter every query is a UNION of index ranges, one per class and label
 * source (and confidence, in id order) on labels_by_class, plus boxes_by_class; each range yields its
 * images already in page order, so SQLite merges them (MERGE (UNION)) and stops after one page.
 * Without a class, pages walk images by primary key or images_by_split.
 */

/** Label rows of one source whose confidence lies in [lo, hi]. */
type Run = { source: number; lo: number; hi: number }
/** What the class filter matches: label runs and, when `boxes`, any box of the classes. */
type Match = { classes: number[]; runs: Run[]; boxes: boolean }
/** One index range: labels of the classes in one run, or (run null) their boxes. */
type Arm = { classes: number[]; run: Run | null }

type Order = 'id' | 'id-desc' | 'confidence'

/**
 * Above this many ranges (SQLite allows 500 in one compound SELECT), one range per source covers all
 * the classes: still index-driven, but sorted per page rather than merged. 400 merged ranges prepare
 * in about 10 ms and page in a few.
 */
const maxArms = 400
/** In id order, a run with at most this many distinct confidences per class becomes one range per value. */
const maxRunValues = 12
const maxKey = Number.MAX_SAFE_INTEGER
const verification = labelSourceId('verification')
const crowdsource = labelSourceId('crowdsource-verification')
const machine = labelSourceId('machine')
const tuning = labelSourceId('tuning')

class Params {
  readonly values: Record<string, number | string | null> = {}
  bind(value: number): string {
    const name = `p${Object.keys(this.values).length}`
    this.values[name] = value
    return `@${name}`
  }
}

const inList = (ids: number[]): string => (ids.length === 1 ? `= ${ids[0]}` : `IN (${ids.join(', ')})`)

function matchOf(db: Db, q: ImageQuery): Match | null {
  if (q.classCode === null) return null
  const classId = classIdByCode(db, q.classCode)
  if (classId === null) throw new ApiError('not-found', `no class ${q.classCode} in the catalog`, 'classCode')
  const classes = q.includeDescendants ? subcategoryClosure(db, classId) : [classId]
  const human = (confidence: number): Run[] => [verification, crowdsource].map((source) => ({ source, lo: confidence, hi: confidence }))
  const every = (source: number): Run => ({ source, lo: -Number.MAX_VALUE, hi: Number.MAX_VALUE })
  const { runs, boxes } = {
    'human-positive': { runs: human(1), boxes: true },
    'human-negative': { runs: human(0), boxes: false },
    machine: { runs: [{ source: machine, lo: q.minConfidence, hi: q.maxConfidence }], boxes: false },
    box: { runs: [], boxes: true },
    tuning: { runs: [every(tuning)], boxes: false },
    any: { runs: [verification, crowdsource, machine, tuning].map(every), boxes: true },
  }[q.labelFilter]
  return { classes, runs, boxes: boxes && q.hasBoxes !== false }
}

/** Conditions on the image row `i`: split, file, boxes (of the classes, when filtered by class), labels. */
function imageConditions(q: ImageQuery, classes: number[] | null): string[] {
  const where: string[] = []
  if (q.split !== null) where.push('i.split = @split')
  if (q.onDisk !== 'any') where.push(`i.path IS ${q.onDisk === 'yes' ? 'NOT ' : ''}NULL`)
  if (q.hasBoxes !== null) {
    const boxes = classes === null ? 'boxes AS hb WHERE' : `boxes AS hb INDEXED BY boxes_by_class WHERE hb.class_id ${inList(classes)} AND`
    where.push(`${q.hasBoxes ? '' : 'NOT '}EXISTS (SELECT 1 FROM ${boxes} hb.image_id = i.id)`)
  }
  if (q.hasLabels !== null && classes === null) {
    const labelled = 'EXISTS (SELECT 1 FROM labels AS hl WHERE hl.image_id = i.id) OR EXISTS (SELECT 1 FROM boxes AS hx WHERE hx.image_id = i.id)'
    where.push(`${q.hasLabels ? '' : 'NOT '}(${labelled})`)
  }
  return where
}

/** The distinct confidences of one class's run, ascending, by index seeks; null when more than `cap`. */
function runValues(db: Db, classId: number, run: Run, cap: number): number[] | null {
  const seek = (op: string) =>
    db.prepare(`SELECT min(confidence) FROM labels WHERE class_id = ? AND source = ? AND confidence ${op} ? AND confidence <= ?`).pluck()
  const [first, next] = [seek('>='), seek('>')]
  const values: number[] = []
  for (let v = first.get(classId, run.source, run.lo, run.hi) as number | null; v !== null; v = next.get(classId, run.source, v, run.hi) as number | null) {
    if (values.length === cap) return null
    values.push(v)
  }
  return values
}

const wideArms = (m: Match): Arm[] => [...m.runs.map((run) => ({ classes: m.classes, run })), ...(m.boxes ? [{ classes: m.classes, run: null }] : [])]
const tooWide = (m: Match): boolean => m.classes.length * (m.runs.length + (m.boxes ? 1 : 0)) > maxArms

/** Ranges for id order: a run with few distinct confidences splits into one (ordered) range per value. */
function idArms(db: Db, m: Match): Arm[] {
  if (tooWide(m)) return wideArms(m)
  const arms = m.classes.flatMap((classId): Arm[] => [
    ...m.runs.flatMap((run) => {
      const values = run.lo === run.hi ? [run.lo] : runValues(db, classId, run, maxRunValues)
      return values === null ? [{ classes: [classId], run }] : values.map((v) => ({ classes: [classId], run: { source: run.source, lo: v, hi: v } }))
    }),
    ...(m.boxes ? [{ classes: [classId], run: null }] : []),
  ])
  return arms.length > maxArms ? wideArms(m) : arms
}

/** Ranges for confidence order: labels_by_class yields (confidence, image) of one class and source in order. */
const confidenceArms = (m: Match): Arm[] =>
  tooWide(m) ? wideArms(m) : m.classes.flatMap((classId) => wideArms({ ...m, classes: [classId] }))

/** One range as SQL; `upper` bounds (confidence, image) from above in confidence order. */
function armSql(arm: Arm, order: Order, filters: string[], p: Params, upper: Key = { id: maxKey }, extra: string[] = []): string {
  const t = arm.run === null ? 'b' : 'l'
  const where = [`${t}.class_id ${inList(arm.classes)}`]
  if (arm.run !== null) {
    const { source, lo, hi } = arm.run
    where.push(`l.source = ${source}`)
    if (lo === hi) where.push(`l.confidence = ${p.bind(lo)}`)
    else if (order === 'confidence') where.push(`l.confidence >= ${p.bind(lo)}`)
    else where.push(`l.confidence BETWEEN ${p.bind(lo)} AND ${p.bind(hi)}`)
  }
  if (order === 'id') where.push(`${t}.image_id > @after`)
  if (order === 'id-desc') where.push(`${t}.image_id < @before`)
  // At one confidence the bound is on the image alone: a row value there would not narrow the seek.
  if (order === 'confidence' && arm.run!.lo === arm.run!.hi) where.push(`l.image_id < ${p.bind(upper.c === arm.run!.lo ? upper.id : maxKey)}`)
  else if (order === 'confidence') where.push(`(l.confidence, l.image_id) < (${p.bind(upper.c!)}, ${p.bind(upper.id)})`)
  const from = arm.run === null ? 'boxes AS b INDEXED BY boxes_by_class' : 'labels AS l INDEXED BY labels_by_class'
  const columns = order === 'confidence' ? 'l.confidence AS c, l.image_id AS id' : `${t}.image_id AS id`
  return `SELECT ${columns} FROM ${from} CROSS JOIN images AS i ON i.id = ${t}.image_id WHERE ${[...where, ...filters, ...extra].join(' AND ')}`
}

/** The ranges as one query; a lone range of boxes or of several classes needs DISTINCT (an image has many). */
function union(arms: Arm[], sqls: string[], order: Order | null): string {
  const lone = arms.length === 1 && (arms[0]!.run === null || arms[0]!.classes.length > 1)
  const body = lone ? sqls[0]!.replace(/^SELECT /, 'SELECT DISTINCT ') : sqls.join(' UNION ')
  return order === null ? body : `${body} ORDER BY ${{ id: 'id', 'id-desc': 'id DESC', confidence: 'c DESC, id DESC' }[order]}`
}

/** Excludes a label row when the image also matches with a higher confidence (it was listed there). */
function higherMatch(m: Match, p: Params): string {
  const runs = m.runs.map((r) => `(x.source = ${r.source} AND x.confidence BETWEEN ${p.bind(r.lo)} AND ${p.bind(r.hi)})`).join(' OR ')
  const label = `NOT EXISTS (SELECT 1 FROM labels AS x WHERE x.image_id = l.image_id AND x.class_id ${inList(m.classes)} AND x.confidence > l.confidence AND (${runs}))`
  const box = `NOT EXISTS (SELECT 1 FROM boxes AS y INDEXED BY boxes_by_class WHERE y.class_id ${inList(m.classes)} AND y.image_id = l.image_id)`
  return m.boxes ? `${label} AND ${box}` : label
}

const below = (a: Key, b: Key): boolean => a.c! < b.c! || (a.c === b.c && a.id < b.id)

function listAll(db: Db, q: ImageQuery, common: Record<string, unknown>): Key[] {
  const index = q.split === null ? '' : ' INDEXED BY images_by_split'
  const where = ['i.id > @after', ...imageConditions(q, null)].join(' AND ')
  return db.prepare(`SELECT i.id FROM images AS i${index} WHERE ${where} ORDER BY i.id LIMIT @limit`).all(common) as Key[]
}

function listById(db: Db, q: ImageQuery, m: Match, common: Record<string, unknown>): Key[] {
  const arms = idArms(db, m)
  if (arms.length === 0 || q.hasLabels === false) return []
  const p = new Params()
  const filters = imageConditions(q, m.classes)
  const sql = `${union(arms, arms.map((arm) => armSql(arm, 'id', filters, p)), 'id')} LIMIT @limit`
  return db.prepare(sql).all({ ...common, ...p.values }) as Key[]
}

/**
 * Highest confidence first, ties by id highest first: both come straight off labels_by_class read
 * backwards. A box counts as confidence 1, so with boxes in the filter the images at 1 come first
 * (labels at 1 merged with boxes by id), then the labels below 1.
 */
function listByConfidence(db: Db, q: ImageQuery, m: Match, cursor: Key | null, common: Record<string, unknown>): Key[] {
  if (q.hasLabels === false) return []
  const arms = confidenceArms(m)
  const filters = imageConditions(q, m.classes)
  const keys: Key[] = []
  if (m.boxes && (cursor === null || cursor.c! >= 1)) {
    const top = arms.flatMap((a): Arm[] =>
      a.run === null ? [a] : a.run.lo <= 1 && a.run.hi >= 1 ? [{ ...a, run: { ...a.run, lo: 1, hi: 1 } }] : [],
    )
    const p = new Params()
    const before = cursor !== null && cursor.c === 1 ? cursor.id : maxKey
    const sql = `${union(top, top.map((arm) => armSql(arm, 'id-desc', filters, p)), 'id-desc')} LIMIT @limit`
    for (const row of db.prepare(sql).all({ ...common, ...p.values, before }) as Key[]) keys.push({ id: row.id, c: 1 })
  }
  const ceiling: Key = m.boxes ? { c: 1, id: -maxKey } : { c: Number.MAX_VALUE, id: maxKey }
  const start = cursor !== null && below(cursor, ceiling) ? cursor : ceiling
  const rest = arms.filter((a) => a.run !== null && (a.run.lo < start.c! || (a.run.lo === start.c && start.id > -maxKey)))
  if (keys.length > q.limit || rest.length === 0) return keys
  const p = new Params()
  const extra = m.boxes || m.classes.length * m.runs.length > 1 ? [higherMatch(m, p)] : []
  const upper = (run: Run): Key => (below(start, { c: run.hi, id: maxKey }) ? start : { c: run.hi, id: maxKey })
  const sql = `${union(rest, rest.map((arm) => armSql(arm, 'confidence', filters, p, upper(arm.run!), extra)), 'confidence')} LIMIT @limit`
  return [...keys, ...(db.prepare(sql).all({ ...common, ...p.values, limit: q.limit + 1 - keys.length }) as Key[])]
}

/**
 * One page of images matching every filter of `q`, in id order or (with a class) by the class's label
 * confidence, highest first. Keyset paging through `nextCursor`. Throws ApiError `not-found` for an
 * unknown class code and `invalid-argument` for a cursor this listing did not give out. Each page reads
 * about `limit` index entries per range (plus those the image filters reject), at any catalog size.
 */
export function listImages(db: Db, q: ImageQuery): ImagePage {
  const m = matchOf(db, q)
  const byConfidence = m !== null && q.sort === 'confidence'
  const cursor = decodeCursor(q.cursor, byConfidence)
  const common = { after: cursor?.id ?? -maxKey, limit: q.limit + 1, split: q.split }
  const keys = m === null ? listAll(db, q, common) : byConfidence ? listByConfidence(db, q, m, cursor, common) : listById(db, q, m, common)
  const page = keys.slice(0, q.limit)
  return { items: imageRecords(db, page.map((k) => k.id)), nextCursor: keys.length > q.limit ? encodeCursor(page.at(-1)!) : null }
}

/**
 * The integer keys of every image `listImages` would list, in its order, over all pages (one query;
 * about a second for 1.7 M images). For random access into a listing (`images.window`).
 */
export function allImageIds(db: Db, filter: Omit<ImageQuery, 'cursor' | 'limit'>): number[] {
  const q: ImageQuery = { ...filter, cursor: null, limit: 1e9 }
  const m = matchOf(db, q)
  const common = { after: -maxKey, limit: -1, split: q.split }
  const keys = m === null ? listAll(db, q, common) : q.sort === 'confidence' ? listByConfidence(db, q, m, null, common) : listById(db, q, m, common)
  return keys.map((key) => key.id)
}

/**
 * How many images `listImages` would list over all pages (cursor, limit and sort ignored). Reads every
 * matching index entry once: O(matching rows), through the same indexes as the listing.
 */
export function countImages(db: Db, q: ImageQuery): number {
  const m = matchOf(db, q)
  const common = { after: -maxKey, split: q.split }
  if (m === null) {
    const index = q.split === null ? '' : ' INDEXED BY images_by_split'
    const where = imageConditions(q, null)
    const sql = `SELECT count(*) FROM images AS i${index}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`
    return db.prepare(sql).pluck().get(common) as number
  }
  const arms = idArms(db, m)
  if (arms.length === 0 || q.hasLabels === false) return 0
  const p = new Params()
  const filters = imageConditions(q, m.classes)
  const sql = `SELECT count(*) FROM (${union(arms, arms.map((arm) => armSql(arm, 'id', filters, p)), null)})`
  return db.prepare(sql).pluck().get({ ...common, ...p.values }) as number
}

export type ImageRow = Omit<ImageRecord, 'onDisk'> & { id: number; onDisk: number }

export const imageColumns = `i.id, i.image_key AS imageId, i.split, i.width, i.height, i.path IS NOT NULL AS onDisk,
  (SELECT count(*) FROM labels AS l WHERE l.image_id = i.id) AS labelCount,
  (SELECT count(*) FROM boxes AS b WHERE b.image_id = i.id) AS boxCount`

export function toRecord(row: ImageRow): ImageRecord {
  const { imageId, split, width, height, labelCount, boxCount } = row
  return { imageId, split, width, height, onDisk: row.onDisk === 1, labelCount, boxCount }
}

/** The records of the given images (integer keys), in the order given. */
export function imageRecords(db: Db, ids: number[]): ImageRecord[] {
  if (ids.length === 0) return []
  const rows = db.prepare(`SELECT ${imageColumns} FROM images AS i WHERE i.id IN (${ids.join(', ')})`).all() as ImageRow[]
  const byId = new Map(rows.map((row) => [row.id, toRecord(row)]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

/**
 * An image's integer key, its width (null until first read) and the absolute path of its file (its
 * root joined with its relative path), or path null when it has no file; null for an unknown image id.
 */
export function findImageFile(db: Db, imageId: string): { id: number; path: string | null; width: number | null } | null {
  const row = db
    .prepare('SELECT i.id, i.width, r.path AS root, i.path FROM images AS i LEFT JOIN image_roots AS r ON r.id = i.root_id WHERE i.image_key = ?')
    .get(imageId) as { id: number; width: number | null; root: string | null; path: string | null } | undefined
  if (!row) return null
  return { id: row.id, width: row.width, path: row.root === null || row.path === null ? null : join(row.root, row.path) }
}

/** Records an image's pixel size, learnt when its file is first decoded. */
export function setImageSize(db: Db, id: number, width: number, height: number): void {
  db.prepare('UPDATE images SET width = ?, height = ? WHERE id = ?').run(width, height, id)
}
