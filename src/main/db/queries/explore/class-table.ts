import type { ParsedArgsOf } from '../../../../shared/api/index'
import type { ClassStatsPage, ClassStatsRow, LongTail, StatsSource } from '../../../../shared/api/stats'
import type { Db } from '../../connection'
import { getExploreTotals } from './refresh-explore'

type ClassTableArgs = ParsedArgsOf<'stats.classTable'>

/** The machine confidence a class row counts from when the caller names none (the class table's default). */
export const defaultMinMachineConfidence = 0.5

/** The confidence band a minimum confidence starts at: rounded down to 0.1, 1 in band 9. */
export const bandOf = (confidence: number): number => Math.max(0, Math.min(9, Math.floor(confidence * 10 + 1e-9)))

/**
 * Every class with its counts and its rank by human-positive images (ties by name), ranked over all
 * classes before any filter: one window over class_stats (20 k rows), machine counts summed from the
 * class's confidence bands at or above the chosen one.
 */
const rankedSql = `WITH ranked AS (
  SELECT c.id, c.code, c.name, c.boxable, c.trainable,
    s.human_positive_images AS humanPositive, s.human_negative_images AS humanNegative,
    coalesce((SELECT sum(b.labels) FROM class_confidence_bands AS b WHERE b.class_id = c.id AND b.band >= @band), 0) AS machine,
    s.boxes, s.box_images AS boxImages, s.tuning_images AS tuning,
    row_number() OVER (ORDER BY s.human_positive_images DESC, c.name, c.id) AS rank
  FROM classes AS c JOIN class_stats AS s ON s.class_id = c.id)`

const matches = `(@query = '' OR instr(lower(name), @query) > 0 OR instr(lower(code), @query) > 0)`

const sortColumns: Record<ClassTableArgs['sort'], string> = {
  rank: 'rank',
  name: 'name',
  humanPositive: 'humanPositive',
  humanNegative: 'humanNegative',
  machine: 'machine',
  boxes: 'boxes',
  tuning: 'tuning',
}

interface RawRow extends Omit<ClassStatsRow, 'share' | 'boxable' | 'trainable'> {
  id: number
  boxable: number
  trainable: number
}

const toRow = (raw: RawRow, positiveImages: number): ClassStatsRow => ({
  code: raw.code,
  name: raw.name,
  rank: raw.rank,
  humanPositive: raw.humanPositive,
  humanNegative: raw.humanNegative,
  machine: raw.machine,
  boxes: raw.boxes,
  boxImages: raw.boxImages,
  tuning: raw.tuning,
  share: positiveImages > 0 ? raw.humanPositive / positiveImages : 0,
  boxable: raw.boxable === 1,
  trainable: raw.trainable === 1,
})

/**
 * A page of the class table: classes whose name or code contains `query` (case-insensitive, ASCII),
 * sorted by a column (ties by rank), from `offset`. A few ms at 20 k classes.
 */
export function getClassTable(db: Db, args: ClassTableArgs): ClassStatsPage {
  const params = { band: bandOf(args.minMachineConfidence), query: args.query.toLowerCase() }
  const order = `${sortColumns[args.sort]} ${args.descending ? 'DESC' : 'ASC'}, rank`
  const raws = db
    .prepare(`${rankedSql} SELECT * FROM ranked WHERE ${matches} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: args.limit, offset: args.offset }) as RawRow[]
  const total = db.prepare(`SELECT count(*) FROM classes WHERE ${matches}`).pluck().get({ query: params.query }) as number
  const { humanPositiveImages } = getExploreTotals(db)
  return { total, items: raws.map((raw) => toRow(raw, humanPositiveImages)) }
}

/** One class's row as the class table shows it (machine counted from `minMachineConfidence`); null for an unknown id. */
export function getClassRow(db: Db, classId: number, minMachineConfidence = defaultMinMachineConfidence): ClassStatsRow | null {
  const raw = db.prepare(`${rankedSql} SELECT * FROM ranked WHERE id = @id`).get({ band: bandOf(minMachineConfidence), id: classId }) as RawRow | undefined
  return raw ? toRow(raw, getExploreTotals(db).humanPositiveImages) : null
}

/** The class_stats column of each source. */
export const sourceColumns: Record<StatsSource, string> = {
  human: 'human_positive_images',
  machine: 'machine_images',
  boxes: 'boxes',
  tuning: 'tuning_images',
}

/** Frequency against rank: every class with a non-zero count for the source, most frequent first (ties by name). */
export function getLongTail(db: Db, source: StatsSource): LongTail {
  const column = sourceColumns[source]
  const rows = db
    .prepare(
      `SELECT c.code, c.name, s.${column} AS count FROM class_stats AS s JOIN classes AS c ON c.id = s.class_id
       WHERE s.${column} > 0 ORDER BY s.${column} DESC, c.name, c.id`,
    )
    .all() as Array<{ code: string; name: string; count: number }>
  return { source, points: rows.map((row, i) => ({ ...row, rank: i + 1 })) }
}
