import type { CatalogSummary } from '../../../shared/api/index'
import type { Db } from '../connection'

/** Catalog row counts. Label counts use the labels_by_class index; all are O(rows) but small at demo scale. */
export function getCatalogSummary(db: Db): CatalogSummary {
  const row = db
    .prepare(
      `SELECT
        (SELECT count(*) FROM images) AS images,
        (SELECT count(*) FROM images WHERE path IS NOT NULL) AS imagesOnDisk,
        (SELECT count(*) FROM labels WHERE source IN (1, 2)) AS humanLabels,
        (SELECT count(*) FROM labels WHERE source = 3) AS machineLabels,
        (SELECT count(*) FROM boxes) AS boxes,
        (SELECT count(*) FROM classes) AS classes,
        (SELECT count(*) FROM images WHERE split = 'tuning') AS tuningImages,
        (SELECT max(finished_at) FROM imports) AS lastIndexedAt`,
    )
    .get() as CatalogSummary
  return row
}

export function getMeta(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined
  return row?.value ?? null
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  )
}
