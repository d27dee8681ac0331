/**
 * Turning per-class scores into label sets that score well on the mean F2 (docs/formats.md, "known tricks"):
 * a global threshold, per-class thresholds by coordinate ascent, a minimum and maximum number of labels
 * per image, and k-fold cross-validation to tell a real gain from overfitting. Pure: runs anywhere.
 */
import { perImageF2 } from './f2'
import { imageFolds } from './image-folds'
import { shrinkThresholds } from './threshold-shrinkage'

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
  /**
   * Pseudo-count m ≥ 0 that pulls each per-class threshold t toward a reference, (n·t + m·t_ref)/(n + m) with n
   * the class's truth images, so a class fitted on a handful of images does not keep a threshold that only
   * suits them. Absent or 0: no pull. `chooseShrink` cross-validates it.
   */
  shrink?: number
  /** Class → its parent classes, first preferred: a class shrinks toward its first parent that has its own threshold, else the global one. */
  parents?: ReadonlyMap<string, readonly string[]>
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
 * With `shrink` > 0 the per-class thresholds are then pulled toward their parent's or the global one
 * (`shrinkThresholds`), and `perClassF2` is the fitting set's mean F2 with the pulled thresholds.
 */
export function fitThresholds(scores: ImageScores, truth: ImageTruth, options: FitOptions = defaultFitOptions): FittedThresholds {
  const own = fitOwnThresholds(scores, truth, options)
  const { global, globalF2 } = own
  const shrink = options.shrink ?? 0
  if (!(shrink > 0)) return { global, perClass: withoutGlobal(own.perClass, global), globalF2, perClassF2: own.perClassF2 }
  const perClass = withoutGlobal(shrinkThresholds(own, own.support, shrink, options.parents), global)
  return { global, perClass, globalF2, perClassF2: meanF2With(scores, truth, { global, perClass }, options) }
}

function withoutGlobal(perClass: ReadonlyMap<string, number>, global: number): Map<string, number> {
  return new Map([...perClass].filter(([, threshold]) => threshold !== global))
}

/** Coordinate ascent's result before shrinkage: every class it fitted (even those that landed on the global threshold), and each class's truth images. */
export interface OwnThresholds {
  global: number
  globalF2: number
  perClass: Map<string, number>
  perClassF2: number
  support: Map<string, number>
}

/** `fitThresholds` without shrinkage, keeping what shrinkage needs; `chooseShrink` fits once per fold with it. */
export function fitOwnThresholds(scores: ImageScores, truth: ImageTruth, options: FitOptions): OwnThresholds {
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
  const perClassF2 = truth.size === 0 ? 0 : [...current.values()].reduce((a, b) => a + b, 0) / truth.size
  return { global, globalF2, perClass, perClassF2, support }
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
  const split = imageFolds(truth, folds)
  let globalSum = 0
  let perClassSum = 0
  for (const { fitting, heldOut } of split.folds) {
    const fitted = fitThresholds(scores, fitting, options)
    globalSum += meanF2With(scores, heldOut, { global: fitted.global, perClass: new Map() }, options) * heldOut.size
    perClassSum += meanF2With(scores, heldOut, fitted, options) * heldOut.size
  }
  const n = Math.max(1, truth.size)
  return { folds: split.k, globalF2: globalSum / n, perClassF2: perClassSum / n }
}
