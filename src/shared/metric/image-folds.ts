import type { ImageTruth } from './thresholds'

/** One cross-validation fold: the images to fit on and the images it is scored on. */
export interface ImageFold {
  fitting: ImageTruth
  heldOut: ImageTruth
}

/**
 * K-fold split by image, the same for every caller so their results compare: images sorted by id, fold =
 * position mod k, k = `folds` clamped to [2, images]; folds with nothing held out are left out.
 */
export function imageFolds(truth: ImageTruth, folds: number): { k: number; folds: ImageFold[] } {
  const images = [...truth.keys()].sort()
  const k = Math.max(2, Math.min(folds, images.length))
  const result: ImageFold[] = []
  for (let fold = 0; fold < k; fold++) {
    const fitting = new Map<string, readonly string[]>()
    const heldOut = new Map<string, readonly string[]>()
    images.forEach((image, i) => (i % k === fold ? heldOut : fitting).set(image, truth.get(image)!))
    if (heldOut.size > 0) result.push({ fitting, heldOut })
  }
  return { k, folds: result }
}
