import type { Db } from '../../connection'

/**
 * What an estimated test prior depends on, as one key: the set's row (a re-import makes a new one) and the
 * last import (tuning labels and test images only change by importing). Two primary-key reads.
 */
export function estimatedTestPriorRevision(db: Db, setName: string): string | null {
  const row = db
    .prepare('SELECT s.id, s.created_at, (SELECT coalesce(max(id), 0) FROM imports) FROM prediction_sets AS s WHERE s.name = ?')
    .raw()
    .get(setName) as [number, string, number] | undefined
  return row ? row.join('|') : null
}
