import { perImageF2 } from './f2'
import type { ImageTruth } from './thresholds'

/**
 * The "predict the most frequent labels" baseline: every image gets the k most frequent training classes,
 * with k (1 … maxK) chosen to maximise the mean F2 on the given truth. A trained model must beat it to have
 * learned anything about the images.
 */
export function mostFrequentLabelsF2(truth: ImageTruth, codesByFrequency: readonly string[], maxK = 10): { k: number; f2: number } {
  let best = { k: 0, f2: 0 }
  if (truth.size === 0) return best
  for (let k = 1; k <= Math.min(maxK, codesByFrequency.length); k++) {
    const predicted = codesByFrequency.slice(0, k)
    let sum = 0
    for (const labels of truth.values()) sum += perImageF2(predicted, labels)
    const f2 = sum / truth.size
    if (f2 > best.f2) best = { k, f2 }
  }
  return best
}
