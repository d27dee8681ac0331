import type { CatalogSummary } from '../../../shared/api/index'
import type { Db } from '../connection'
import { getBoxableClasses, getHierarchyFile } from './boxable-classes'

/** Images with no file: no root and no path, or a root but no path; seeks on images_by_path. */
const withoutFile = (extra: string): string =>
  `(SELECT count(*) FROM images INDEXED BY images_by_path WHERE root_id IS NULL AND path IS NULL${extra})
   + (SELECT count(*) FROM images INDEXED BY images_by_path WHERE root_id IN (SELECT id FROM image_roots) AND path IS NULL${extra})`

type ImageCounts = Pick<CatalogSummary, 'images' | 'imagesMissing' | 'tuningImages' | 'testImages'> & { imagesWithoutFile: number }

/** Counts the images by split and file (index seeks over 1.7 M rows: a few hundred ms at full scale). */
function countImages(db: Db): ImageCounts {
  return db
    .prepare(
      `SELECT
        (SELECT count(*) FROM images) AS images,
        ${withoutFile('')} AS imagesWithoutFile,
        ${withoutFile(" AND split = 'train'")} AS imagesMissing,
        (SELECT count(*) FROM images INDEXED BY images_by_split WHERE split = 'tuning') AS tuningImages,
        (SELECT count(*) FROM images INDEXED BY images_by_split WHERE split IN ('test', 'tuning')) AS testImages`,
    )
    .get() as ImageCounts
}

/** Stores the image counts for getCatalogSummary; run with refreshClassStats after each import. */
export function refreshImageCounts(db: Db): void {
  setMeta(db, 'counts.images', JSON.stringify(countImages(db)))
}

/**
 * Row counts of the catalog in a few ms at full scale: label and box counts are sums over
 * `class_stats` (so they are as of the last refreshClassStats, and count a human label once per image
 * and class even when both human sources give it); image counts are the ones stored by
 * refreshImageCounts after the last import, or counted now when none are stored. `testImages` counts
 * split `test` and `tuning` (the tuning images are stage-1 test images too); `imagesMissing` the
 * `train` images without a file; `boxableClasses` where the boxable set came from, `hierarchyFile` whether a
 * hierarchy was indexed.
 */
export function getCatalogSummary(db: Db): CatalogSummary {
  const stored = getMeta(db, 'counts.images')
  const { imagesWithoutFile, ...images } = stored ? (JSON.parse(stored) as ImageCounts) : countImages(db)
  const row = db
    .prepare(
      `SELECT
        (SELECT coalesce(sum(human_positive_images + human_negative_images), 0) FROM class_stats) AS humanLabels,
        (SELECT coalesce(sum(machine_images), 0) FROM class_stats) AS machineLabels,
        (SELECT coalesce(sum(boxes), 0) FROM class_stats) AS boxes,
        (SELECT count(*) FROM classes) AS classes,
        (SELECT count(*) FROM classes WHERE described = 0) AS unknownClasses,
        (SELECT count(*) FROM prediction_sets) AS predictionSets,
        (SELECT max(finished_at) FROM imports) AS lastIndexedAt`,
    )
    .get() as Omit<CatalogSummary, keyof ImageCounts | 'imagesOnDisk' | 'boxableClasses' | 'hierarchyFile'>
  return { ...row, ...images, imagesOnDisk: images.images - imagesWithoutFile, boxableClasses: getBoxableClasses(db), hierarchyFile: getHierarchyFile(db) }
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
