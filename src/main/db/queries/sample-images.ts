import { labelSourceId } from '../../../shared/labels'
import { BatchInsert } from '../batch-insert'
import type { Db } from '../connection'

/**
 * The test ids each sample submission brought (`sample_images`), and what else refers to an image it no longer
 * names. Every lookup goes through a primary key or sample_images_by_image: a stage-1 to stage-2 switch (32 k ids
 * dropped, 100 k named) costs a few probes per id, never a scan of labels, boxes or predictions.
 */

/** What, besides samples, keeps an image in the catalog and decides its split. */
export interface ImageHolders {
  key: string
  split: string
  /** Its file below an image store, if any. */
  path: string | null
  tuningLabels: boolean
  /** Human or machine labels, or boxes. */
  trainingRows: boolean
  /** Scores in a prediction set, or edits (edits, verdicts, kept originals; every box edit has an edit row). */
  scoresOrEdits: boolean
  /** A sample submission names it. */
  inSample: boolean
}

/**
 * Records `imageIds` as the images `sample` names, replacing what it named before, and makes those in no split
 * (`none`, left so by an earlier import) test images again. Returns the images it named before and names no
 * more that no other sample names and that are still of split `test`: those whose test membership it brought.
 */
export function replaceSampleImages(db: Db, sample: string, imageIds: Iterable<number>): number[] {
  const before = db.prepare('SELECT image_id FROM sample_images WHERE sample = ?').pluck().all(sample) as number[]
  db.prepare('DELETE FROM sample_images WHERE sample = ?').run(sample)
  const insert = new BatchInsert(db, 'sample_images', ['sample', 'image_id'], 'INSERT OR IGNORE')
  for (const id of imageIds) insert.add(sample, id)
  insert.flush()
  db.prepare("UPDATE images SET split = 'test' WHERE split = 'none' AND id IN (SELECT image_id FROM sample_images WHERE sample = ?)").run(sample)
  const named = db.prepare('SELECT 1 FROM sample_images WHERE image_id = ? LIMIT 1').pluck()
  const split = db.prepare('SELECT split FROM images WHERE id = ?').pluck()
  return before.filter((id) => named.get(id) === undefined && split.get(id) === 'test')
}

/** Images of split `tuning` with no tuning label (after the tuning labels were imported again; a row may name an image with none). */
export function formerTuningImages(db: Db): number[] {
  return db
    .prepare("SELECT id FROM images i WHERE split = 'tuning' AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.image_id = i.id AND l.source = ?)")
    .pluck()
    .all(labelSourceId('tuning')) as number[]
}

/**
 * Takes the membership a file brought away from `imageIds` (test ids from `replaceSampleImages`, tuning ones
 * from `formerTuningImages`): each image gets the split `splitOf` gives from what else refers to it, or is
 * deleted where it gives null. Returns the image ids (keys) it deleted.
 */
export function dropSampleImages(db: Db, imageIds: readonly number[], splitOf: (holders: ImageHolders) => string | null): string[] {
  const holders = db.prepare(
    `SELECT i.image_key AS key, i.split, i.path,
       EXISTS (SELECT 1 FROM labels l WHERE l.image_id = i.id AND l.source = @tuning) AS tuningLabels,
       EXISTS (SELECT 1 FROM labels l WHERE l.image_id = i.id AND l.source <> @tuning)
         OR EXISTS (SELECT 1 FROM boxes b WHERE b.image_id = i.id) AS trainingRows,
       EXISTS (SELECT 1 FROM prediction_sets s CROSS JOIN predictions p ON p.set_id = s.id AND p.image_id = i.id)
         OR EXISTS (SELECT 1 FROM edits e WHERE e.image_id = i.id)
         OR EXISTS (SELECT 1 FROM label_verdicts v WHERE v.image_id = i.id)
         OR EXISTS (SELECT 1 FROM label_originals o WHERE o.image_id = i.id) AS scoresOrEdits,
       EXISTS (SELECT 1 FROM sample_images s WHERE s.image_id = i.id) AS inSample
     FROM images i WHERE i.id = @id`,
  )
  const remove = db.prepare('DELETE FROM images WHERE id = ?')
  const setSplit = db.prepare('UPDATE images SET split = ? WHERE id = ?')
  const tuning = labelSourceId('tuning')
  const removed: string[] = []
  for (const id of imageIds) {
    const row = holders.get({ id, tuning }) as (Omit<ImageHolders, Flag> & Record<Flag, number>) | undefined
    if (!row) continue
    const split = splitOf({ ...row, tuningLabels: row.tuningLabels === 1, trainingRows: row.trainingRows === 1, scoresOrEdits: row.scoresOrEdits === 1, inSample: row.inSample === 1 })
    if (split === null) {
      remove.run(id)
      removed.push(row.key)
    } else if (split !== row.split) setSplit.run(split, id)
  }
  return removed
}

type Flag = 'tuningLabels' | 'trainingRows' | 'scoresOrEdits' | 'inSample'
