import type { SamplingPreview } from '../../../../shared/api/stats'
import { expectedShares, type SamplingScheme } from '../../../../shared/sampling'
import type { Db } from '../../connection'

/**
 * Each class's natural and expected share of an epoch under a weighting scheme, from its
 * human-positive images (the trainer's counts) and src/shared/sampling.ts, the function the trainer
 * uses. Over every class with images; the `limit` with most images are returned (ties by name).
 */
export function getSamplingPreview(db: Db, scheme: SamplingScheme, beta: number, limit: number): SamplingPreview {
  const classes = db
    .prepare(
      `SELECT c.code, c.name, s.human_positive_images AS images FROM class_stats AS s JOIN classes AS c ON c.id = s.class_id
       WHERE s.human_positive_images > 0 ORDER BY images DESC, c.name, c.id`,
    )
    .all() as Array<{ code: string; name: string; images: number }>
  const counts = classes.map((c) => c.images)
  const total = counts.reduce((a, b) => a + b, 0)
  const expected = expectedShares(counts, scheme, beta)
  const rows = classes.slice(0, limit).map((c, i) => ({ ...c, naturalShare: total > 0 ? c.images / total : 0, expectedShare: expected[i]! }))
  return { scheme, rows }
}
