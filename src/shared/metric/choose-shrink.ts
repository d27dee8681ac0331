import { imageFolds } from './image-folds'
import { shrinkThresholds } from './threshold-shrinkage'
import { defaultFitOptions, fitOwnThresholds, meanF2With, type FitOptions, type ImageScores, type ImageTruth } from './thresholds'

/** Cross-validated mean F2 for each shrinkage strength tried, and the best of them. */
export interface ShrinkChoice {
  shrink: number
  f2ByShrink: Map<number, number>
}

/**
 * Picks `FitOptions.shrink` by cross-validation on the folds of `crossValidate`: per-class thresholds are
 * fitted once per fold (shrinkage only post-processes them), each candidate's pulled thresholds score the
 * held-out fold, and the candidate with the best mean F2 over all images wins (ties: the smallest).
 * `options.shrink` is ignored; `options.parents` gives the reference thresholds.
 */
export function chooseShrink(
  scores: ImageScores,
  truth: ImageTruth,
  options: FitOptions = defaultFitOptions,
  candidates: readonly number[] = [0, 2, 5, 10, 20, 50],
  folds = 5,
): ShrinkChoice {
  const tried = [...new Set(candidates)].sort((a, b) => a - b)
  const sums = new Map(tried.map((m) => [m, 0]))
  for (const { fitting, heldOut } of imageFolds(truth, folds).folds) {
    const own = fitOwnThresholds(scores, fitting, options)
    for (const m of tried) {
      const perClass = shrinkThresholds(own, own.support, m, options.parents)
      sums.set(m, sums.get(m)! + meanF2With(scores, heldOut, { global: own.global, perClass }, options) * heldOut.size)
    }
  }
  const n = Math.max(1, truth.size)
  const f2ByShrink = new Map(tried.map((m) => [m, sums.get(m)! / n]))
  let shrink = tried[0] ?? 0
  for (const m of tried) if (f2ByShrink.get(m)! > f2ByShrink.get(shrink)! + 1e-12) shrink = m
  return { shrink, f2ByShrink }
}
