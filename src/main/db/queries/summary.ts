import type { CatalogSummary } from '../../../shared/api/index'
import type { Db } from '../connection'

/** Images with no file: no root and no path, or a root but no path; seeks on images_by_path. */
const withoutFile = (extra: string): string =>
  `(SELECT count(*) FROM images INDEXED BY images_by_path WHERE root_id IS NULL AND path IS NULL${extra})
   + (SELECT count(*) FROM images INDEXED BY images_by_path WHERE root_id IN (SELECT id FROM image_roots) AND path IS NULL${extra})`

/**
 * Row counts of the catalog, fast at full scale: label and box counts are sums over `class_stats`
 * (so they are as of the last refreshClassStats, and count a human label once per image and class
 * even when both human sources give it), image counts come from index seeks (images_by_split,
 * images_by_path) and a count of the images table. `testImages` counts split `test` and `tuning`
 * (the tuning images are stage-1 test images too); `imagesMissing` the `train` images without a file.
 */
export function getCatalogSummary(db: Db): CatalogSummary {
  const row = db
    .prepare(
      `SELECT
        (SELECT count(*) FROM images) AS images,
        ${withoutFile('')} AS imagesWithoutFile,
        ${withoutFile(" AND split = 'train'")} AS imagesMissing,
        (SELECT coalesce(sum(human_positive_images + human_negative_images), 0) FROM class_stats) AS humanLabels,
        (SELECT coalesce(sum(machine_images), 0) FROM class_stats) AS machineLabels,
        (SELECT coalesce(sum(boxes), 0) FROM class_stats) AS boxes,
        (SELECT count(*) FROM classes) AS classes,
        (SELECT count(*) FROM images INDEXED BY images_by_split WHERE split = 'tuning') AS tuningImages,
        (SELECT count(*) FROM images INDEXED BY images_by_split WHERE split IN ('test', 'tuning')) AS testImages,
        (SELECT count(*) FROM classes WHERE described = 0) AS unknownClasses,
        (SELECT count(*) FROM prediction_sets) AS predictionSets,
        (SELECT max(finished_at) FROM imports) AS lastIndexedAt`,
    )
    .get() as Omit<CatalogSummary, 'imagesOnDisk'> & { imagesWithoutFile: number }
  const { imagesWithoutFile, ...counts } = row
  return { ...counts, imagesOnDisk: counts.images - imagesWithoutFile }
}

/** A workspace setting stored in the catalog (e.g. `demo.ready`); null when unset. */
export function getMeta(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined
  return row?.value ?? null
}

/** Stores a workspace setting, replacing any earlier value. */
export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  )
}
