import type { ClassPage, ClassRecord } from '../../../shared/api/index'
import type { Db } from '../connection'

export interface ClassQuery {
  /** Matched case-insensitively; '' lists every class. */
  query: string
  limit: number
  /** Only codes that labels use but no class-descriptions file names. */
  unknownOnly: boolean
}

interface ClassRow {
  code: string
  name: string
  boxable: number
  trainable: number
  described: number
  humanPositiveImages: number
  humanNegativeImages: number
  machineImages: number
  tuningImages: number
  boxes: number
  boxImages: number
}

const columns = `c.code, c.name, c.boxable, c.trainable, c.described,
  coalesce(s.human_positive_images, 0) AS humanPositiveImages, coalesce(s.human_negative_images, 0) AS humanNegativeImages,
  coalesce(s.machine_images, 0) AS machineImages, coalesce(s.tuning_images, 0) AS tuningImages,
  coalesce(s.boxes, 0) AS boxes, coalesce(s.box_images, 0) AS boxImages`
const from = 'FROM classes AS c LEFT JOIN class_stats AS s ON s.class_id = c.id'
const order = 'ORDER BY humanPositiveImages DESC, boxImages DESC, c.name COLLATE NOCASE, c.code'
/** LIKE with the NOCASE indexes classes_by_name and classes_by_code: SQLite turns it into a range seek. */
const prefixMatch = `(c.name LIKE @prefix ESCAPE '\\' OR c.code LIKE @prefix ESCAPE '\\')`
const containsMatch = `c.name LIKE @contains ESCAPE '\\'`

function toRecord(row: ClassRow): ClassRecord {
  return { ...row, boxable: row.boxable === 1, trainable: row.trainable === 1, described: row.described === 1 }
}

/** One tier: its first `limit` classes, most human-labelled first, and how many it holds. */
function tier(db: Db, where: string[], params: Record<string, unknown>, limit: number): { rows: ClassRow[]; total: number } {
  const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`
  const total = db.prepare(`SELECT count(*) ${from} ${clause}`).pluck().get(params) as number
  const rows = limit > 0 && total > 0 ? (db.prepare(`SELECT ${columns} ${from} ${clause} ${order} LIMIT @limit`).all({ ...params, limit }) as ClassRow[]) : []
  return { rows, total }
}

/**
 * Classes matching `query`, case-insensitively: first those whose name or code starts with it (a
 * range seek on classes_by_name / classes_by_code), then those whose name contains it (a scan of the
 * classes table, about 20 k rows at full scale); within each tier most human positive images first.
 * At most `limit` rows; `total` counts every match of both tiers.
 */
export function listClasses(db: Db, { query, limit, unknownOnly }: ClassQuery): ClassPage {
  const unknown = unknownOnly ? ['c.described = 0'] : []
  if (query === '') {
    const all = tier(db, unknown, {}, limit)
    return { items: all.rows.map(toRecord), total: all.total }
  }
  const escaped = query.replace(/[\\%_]/g, (c) => `\\${c}`)
  const params = { prefix: `${escaped}%`, contains: `%${escaped}%` }
  const first = tier(db, [prefixMatch, ...unknown], params, limit)
  const second = tier(db, [containsMatch, `NOT ${prefixMatch}`, ...unknown], params, limit - first.rows.length)
  return { items: [...first.rows, ...second.rows].map(toRecord), total: first.total + second.total }
}

/** The class's integer key, or null when the code is unknown. */
export function classIdByCode(db: Db, code: string): number | null {
  const row = db.prepare('SELECT id FROM classes WHERE code = ?').get(code) as { id: number } | undefined
  return row?.id ?? null
}
