import { sep } from 'node:path'
import type { Db } from '../../main/db/connection'
import { readTuningTruth } from '../../main/services/evaluation/prediction-scores'
import { labelSourceId } from '../../shared/labels'
import { validationHash, type SampleImage } from '../data/training-images'

import type { ImageSetName } from '../../shared/training/prediction'
export { imageSetNames, type ImageSetName } from '../../shared/training/prediction'

/**
 * The catalog splits an image set draws from. test: every test image, the tuning ones included (they are
 * stage-1 test images with split `tuning`), so one prediction serves the threshold fit on the tuning labels and
 * the submission for any sample file.
 */
export function splitsOfImageSet(set: ImageSetName): ReadonlyArray<'tuning' | 'test' | 'train'> {
  return set === 'validation' || set === 'train' ? ['train'] : set === 'test' ? ['test', 'tuning'] : ['tuning']
}

/**
 * Whether a catalog image of `split` belongs to the image set. validation: the run's held-out images,
 * train-split images whose validation hash (the trainer's, by image key) is below the run's
 * validationFraction; train: the other train-split images (caps like maxImages aside); test: split test or tuning.
 */
export function inImageSet(set: ImageSetName, split: string, imageKey: string, validationFraction: number): boolean {
  if (!(splitsOfImageSet(set) as readonly string[]).includes(split)) return false
  if (set === 'validation') return validationHash(imageKey) < validationFraction
  if (set === 'train') return validationHash(imageKey) >= validationFraction
  return true
}

/** An image set as the predictor reads it: its images with a file (catalog id order), and how many lack one. */
export interface ImageSetImages {
  images: SampleImage[]
  withoutFile: number
}

/** Lists an image set's images with their absolute files (catalog id order); one pass over its splits (images_by_split). */
export function listImageSet(db: Db, set: ImageSetName, validationFraction: number): ImageSetImages {
  const roots = new Map(
    (db.prepare('SELECT id, path FROM image_roots').raw().all() as Array<[number, string]>).map(([id, path]) => [id, path.endsWith(sep) ? path : path + sep]),
  )
  const splits = splitsOfImageSet(set)
  const images: SampleImage[] = []
  let withoutFile = 0
  const rows = db.prepare(`SELECT id, image_key, split, root_id, path FROM images WHERE split IN (${splits.map(() => '?').join(', ')}) ORDER BY id`).raw()
  for (const [id, key, split, rootId, path] of rows.iterate(...splits) as Iterable<[number, string, string, number | null, string | null]>) {
    if (!inImageSet(set, split, key, validationFraction)) continue
    if (path === null) {
      withoutFile++
      continue
    }
    const root = rootId === null ? undefined : roots.get(rootId)
    images.push({ id, key, file: root === undefined ? path : root + path })
  }
  return { images, withoutFile }
}

/**
 * The true labels of the predicted images that have any, by image key: the tuning labels for tuning and
 * for test (its tuning images; the other test images have none), the human positives (verified present,
 * any class) for validation and train. Human labels are read per image by the labels' primary key.
 */
export function readImageSetTruth(db: Db, set: ImageSetName, images: readonly SampleImage[]): Map<string, string[]> {
  if (set === 'tuning' || set === 'test') {
    const keys = new Set(images.map((image) => image.key))
    return new Map([...readTuningTruth(db)].filter(([key]) => keys.has(key)))
  }
  const positives = db
    .prepare('SELECT DISTINCT c.code FROM labels l JOIN classes c ON c.id = l.class_id WHERE l.image_id = ? AND l.source IN (?, ?) AND l.confidence >= 0.5')
    .pluck()
  const human = [labelSourceId('verification'), labelSourceId('crowdsource-verification')]
  const truth = new Map<string, string[]>()
  for (const image of images) {
    const codes = positives.all(image.id, ...human) as string[]
    if (codes.length > 0) truth.set(image.key, codes)
  }
  return truth
}
