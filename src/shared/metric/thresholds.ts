/**
 * Turning per-class scores into label sets that score well on the mean F2 (docs/formats.md, "known tricks"):
 * a global threshold, per-class thresholds by coordinate ascent, a minimum and maximum number of labels
 * per image, and k-fold cross-validation to tell a real gain from overfitting. Pure: runs anywhere.
 */
import { perImageF2 } from './f2'

/** Each image's scored labels: image id → [class code, score]. */
export type ImageScores = ReadonlyMap<string, ReadonlyArray<readonly [string, number]>>
/** Each fitting image's true labels. */
export type ImageTruth = ReadonlyMap<string, readonly string[]>

/** How many labels a row may hold. `minLabels` ≥ 1 fills rows the thresholds left empty with the top-scoring labels. */
export interface LabelPolicy {
  minLabels: number
  maxLabels: number
}

/** A class's threshold when it has one, else the global one. A label is kept when score ≥ threshold. */
export interface Thresholds {
  global: number
  perClass: ReadonlyMap<string, number>
}

export interface FitOptions extends LabelPolicy {
  /** A class gets its own threshold only with at least this many truth images in the fitting set. */
  minSupport: number
  /** Coordinate-ascent passes over the classes. */
  passes: number
}

/** What fitting found, with the mean F2 on the fitting set itself (optimistic: see `crossValidate`). */
export interface FittedThresholds {
  global: number
  perClass: Map<string, number>
  globalF2: number
  perClassF2: number
}

export const defaultFitOptions: FitOptions = { minLabels: 1, maxLabels: 10, minSupport: 5, passes: 3 }
const maxCandidates = 256
const gain = 1e-12

/** The labels of one row: those at or above their threshold, topped up to `minLabels` and cut to `maxLabels`, best first. */
export function selectLabels(scores: ReadonlyArray<readonly [string, number]>, thresholds: Thresholds, policy: LabelPolicy): string[] {
  return selectSorted(bestFirst(scores), thresholds, policy)
}

type Scored = ReadonlyArray<readonly [string, number]>

function bestFirst(scores: Scored): Scored {
  return [...scores].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
}

/** The truth's images' scores, each sorted best first once, so fitting does not sort on every try. */
function sortedFor(scores: ImageScores, truth: ImageTruth): Map<string, Scored> {
  return new Map([...truth.keys()].map((image) => [image, bestFirst(scores.get(image) ?? [])]))
}

function selectSorted(sorted: Scored, thresholds: Thresholds, policy: LabelPolicy): string[] {
  let kept = sorted.filter(([code, score]) => score >= (thresholds.perClass.get(code) ?? thresholds.global))
  if (kept.length < policy.minLabels) kept = sorted.slice(0, policy.minLabels)
  return kept.slice(0, policy.maxLabels).map(([code]) => code)
}

/** Mean F2 over the truth's images; an image without scores counts as an empty row (0). */
export function meanF2With(scores: ImageScores, truth: ImageTruth, thresholds: Thresholds, policy: LabelPolicy): number {
  return meanSorted(sortedFor(scores, truth), truth, thresholds, policy)
}

function meanSorted(sorted: ReadonlyMap<string, Scored>, truth: ImageTruth, thresholds: Thresholds, policy: LabelPolicy): number {
  if (truth.size === 0) return 0
  let sum = 0
  for (const [image, labels] of truth) sum += perImageF2(selectSorted(sorted.get(image) ?? [], thresholds, policy), labels)
  return sum / truth.size
}

/** Thresholds to try from some scores: the lowest, midpoints between neighbours, and one above the highest (at most ~256, by quantile). */
export function candidateThresholds(values: Iterable<number>): number[] {
  let distinct = [...new Set(values)].sort((a, b) => a - b)
  if (distinct.length === 0) return []
  if (distinct.length > maxCandidates) {
    const step = (distinct.length - 1) / (maxCandidates - 1)
    distinct = [...new Set(Array.from({ length: maxCandidates }, (_, i) => distinct[Math.round(i * step)]!))]
  }
  const candidates = [distinct[0]!]
  for (let i = 1; i < distinct.length; i++) candidates.push((distinct[i - 1]! + distinct[i]!) / 2)
  candidates.push(distinct[distinct.length - 1]! + 1e-6)
  return candidates
}

/** The global threshold with the best mean F2 on the truth's images (ties: the lowest). */
export function bestGlobalThreshold(scores: ImageScores, truth: ImageTruth, policy: LabelPolicy): { threshold: number; f2: number } {
  const sorted = sortedFor(scores, truth)
  const values: number[] = []
  for (const row of sorted.values()) for (const [, score] of row) values.push(score)
  let best = { threshold: 0.5, f2: meanSorted(sorted, truth, { global: 0.5, perClass: new Map() }, policy) }
  for (const threshold of candidateThresholds(values)) {
    const f2 = meanSorted(sorted, truth, { global: threshold, perClass: new Map() }, policy)
    if (f2 > best.f2 + gain) best = { threshold, f2 }
  }
  return best
}

/**
 * Fits a global threshold, then per-class thresholds by coordinate ascent: each class with at least
 * `minSupport` truth images moves its threshold to the value that most raises the mean F2 of the images
 * that score it, for `passes` passes or until nothing moves. Other classes keep the global threshold.
 */
export function fitThresholds(scores: ImageScores, truth: ImageTruth, options: FitOptions = defaultFitOptions): FittedThresholds {
  const { threshold: global, f2: globalF2 } = bestGlobalThreshold(scores, truth, options)
  const perClass = new Map<string, number>()
  const thresholds: Thresholds = { global, perClass }
  const support = new Map<string, number>()
  for (const labels of truth.values()) for (const code of new Set(labels)) support.set(code, (support.get(code) ?? 0) + 1)
  const imagesOf = new Map<string, string[]>()
  const valuesOf = new Map<string, number[]>()
  for (const image of truth.keys()) {
    for (const [code, score] of scores.get(image) ?? []) {
      if ((support.get(code) ?? 0) < options.minSupport) continue
      if (!imagesOf.has(code)) {
        imagesOf.set(code, [])
        valuesOf.set(code, [])
      }
      imagesOf.get(code)!.push(image)
      valuesOf.get(code)!.push(score)
    }
  }
  const sorted = sortedFor(scores, truth)
  const rowF2 = (image: string) => perImageF2(selectSorted(sorted.get(image)!, thresholds, options), truth.get(image)!)
  const current = new Map([...truth.keys()].map((image) => [image, rowF2(image)]))
  const classes = [...imagesOf.keys()].sort()
  for (let pass = 0; pass < options.passes; pass++) {
    let moved = false
    for (const code of classes) {
      const images = imagesOf.get(code)!
      const before = perClass.get(code) ?? global
      const baseline = images.reduce((sum, image) => sum + current.get(image)!, 0)
      let best = { threshold: before, sum: baseline }
      for (const threshold of candidateThresholds(valuesOf.get(code)!)) {
        perClass.set(code, threshold)
        const sum = images.reduce((total, image) => total + rowF2(image), 0)
        if (sum > best.sum + gain) best = { threshold, sum }
      }
      perClass.set(code, best.threshold)
      if (best.threshold !== before) {
        moved = true
        for (const image of images) current.set(image, rowF2(image))
      }
    }
    if (!moved) break
  }
  for (const [code, threshold] of perClass) if (threshold === global) perClass.delete(code)
  const perClassF2 = truth.size === 0 ? 0 : [...current.values()].reduce((a, b) => a + b, 0) / truth.size
  return { global, perClass, globalF2, perClassF2 }
}

/** Cross-validated mean F2 of the global and the per-class thresholds. */
export interface CrossValidation {
  folds: number
  globalF2: number
  perClassF2: number
}

/**
 * K-fold cross-validation by image (images sorted by id, fold = position mod k): thresholds fitted on the
 * other folds score each held-out fold; the result is the mean over all images, so a gain that is only
 * overfitting shows up as none.
 */
export function crossValidate(scores: ImageScores, truth: ImageTruth, options: FitOptions = defaultFitOptions, folds = 5): CrossValidation {
  const images = [...truth.keys()].sort()
  const k = Math.max(2, Math.min(folds, images.length))
  let globalSum = 0
  let perClassSum = 0
  for (let fold = 0; fold < k; fold++) {
    const fitting = new Map<string, readonly string[]>()
    const heldOut = new Map<string, readonly string[]>()
    images.forEach((image, i) => (i % k === fold ? heldOut : fitting).set(image, truth.get(image)!))
    if (heldOut.size === 0) continue
    const fitted = fitThresholds(scores, fitting, options)
    globalSum += meanF2With(scores, heldOut, { global: fitted.global, perClass: new Map() }, options) * heldOut.size
    perClassSum += meanF2With(scores, heldOut, fitted, options) * heldOut.size
  }
  const n = Math.max(1, images.length)
  return { folds: k, globalF2: globalSum / n, perClassF2: perClassSum / n }
}
