import { dropSampleImages, type ImageHolders } from '../../db/queries/sample-images'
import type { ImportContext } from './import-context'
import { splitOfImagePath } from './scan-images'

/**
 * What an image becomes when the file that made it a `test` image (a sample submission) or a `tuning` one
 * (the tuning labels) names it no more: the other of the two when the other file names it; with a file, the
 * split its folder gives (so one under `test/` stays a test image); a training image with training labels or
 * boxes; in no split (`none`) when only scores or edits refer to it; removed (null) when nothing does.
 */
function splitWithout(image: ImageHolders, lost: 'test' | 'tuning'): string | null {
  if (lost === 'test' ? image.tuningLabels : image.inSample) return lost === 'test' ? 'tuning' : 'test'
  if (image.path !== null) return splitOfImagePath(image.path)
  if (image.trainingRows) return 'train'
  return image.scoresOrEdits ? 'none' : null
}

/**
 * Takes the `lost` membership away from `imageIds` (splitWithout), deleting those nothing else refers to.
 * Returns how many images it changed and removed, for the file's report; undefined when there were none.
 */
export function dropMembership(ctx: ImportContext, imageIds: readonly number[], lost: 'test' | 'tuning'): { images: number; removed: number } | undefined {
  if (imageIds.length === 0) return undefined
  const removed = dropSampleImages(ctx.db, imageIds, (image) => splitWithout(image, lost))
  ctx.forgetImages(removed)
  return { images: imageIds.length, removed: removed.length }
}
