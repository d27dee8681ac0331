/**
 * Adapting calibrated posteriors to a test set whose class prior differs from the tuning set's, without test
 * labels (Saerens, Latinne & Decaestecker 2002, "Adjusting the outputs of a classifier to new a priori
 * probabilities"), each class taken as its own binary problem: EM estimates the test prior from the test
 * posteriors, and Bayes' rule moves every posterior to it. The Inclusive Images test set has other classes'
 * frequencies than the training set, so this is where that shift is paid back. Pure: runs anywhere.
 */
import { calibrate, defaultMissingScore, fitCalibration, type Calibration } from './calibration'
import type { ImageScores, ImageTruth } from './thresholds'

export { calibrate, fitCalibration, type Calibration } from './calibration'

/** One image's posteriors, [class code, calibrated probability]: an array of pairs or a Map. */
export type PosteriorRow = Iterable<readonly [string, number]>

export interface PriorShiftOptions {
  /** Posterior of a class missing from a row (the calibrated missing score); default 0. */
  missingPosterior?: number
  /** EM stops when a prior moves less than this; default 1e-6. */
  tolerance?: number
  /** EM iterations per class at most; default 100. */
  maxIterations?: number
  /**
   * Bound on how far a class's prior may move, as a ratio either way (target/source and source/target);
   * default 4. EM trusts the calibration: on images the model reads wrongly (another context) posteriors run
   * high for many classes at once and unbounded EM walks their priors toward 1 (measured on bench:shift:
   * 2.1 labels per image on tuning became 23 "estimated"). Infinity: no bound.
   */
  maxRatio?: number
}

/** A class's prior on the tuning set, its estimate on the target set, the EM iterations it took, and whether `maxRatio` bounded it. */
export interface ClassPrior {
  source: number
  target: number
  iterations: number
  bounded: boolean
}

/** Per-class priors, and their sums: the expected number of true labels per image before and after the shift. */
export interface PriorEstimate {
  perClass: Map<string, ClassPrior>
  expectedLabelsPerImage: { source: number; target: number }
}

const priorClamp = 1e-4

/** A prior clamped into [1e-4, 1 − 1e-4], so neither class of the binary problem vanishes. */
export function clampPrior(prior: number): number {
  return Math.min(1 - priorClamp, Math.max(priorClamp, Number.isFinite(prior) ? prior : priorClamp))
}

/**
 * Bayes' rule for a new prior: p' = r₁p / (r₁p + r₀(1 − p)) with r₁ = target/source and r₀ = (1 − target)/(1 − source).
 * Identity when the priors are equal; increasing in p. Priors are clamped as in `clampPrior`, p into [0, 1].
 */
export function adjustToPrior(p: number, source: number, target: number): number {
  const s = clampPrior(source)
  const t = clampPrior(target)
  const q = Math.min(1, Math.max(0, Number.isFinite(p) ? p : 0))
  const positive = (t / s) * q
  return positive / (positive + ((1 - t) / (1 - s)) * (1 - q))
}

/**
 * Estimates each class's prior on the target images by EM: starting from the source prior π_s, π_t ← the
 * mean over the images of the posteriors adjusted from π_s to π_t, until π_t moves less than `tolerance`.
 * The classes are `sourcePrior`'s keys (the prior the posteriors are calibrated under); codes in a row
 * outside them are ignored. Without target images every target prior is its source prior.
 */
export function estimateTargetPrior(posteriors: Iterable<PosteriorRow>, sourcePrior: ReadonlyMap<string, number>, options: PriorShiftOptions = {}): PriorEstimate {
  const missing = options.missingPosterior ?? 0
  const tolerance = options.tolerance ?? 1e-6
  const maxIterations = options.maxIterations ?? 100
  const maxRatio = Math.max(1, options.maxRatio ?? 4)
  const stored = new Map([...sourcePrior.keys()].map((code) => [code, [] as number[]]))
  const lastImage = new Map<string, number>()
  let images = 0
  for (const row of posteriors) {
    for (const [code, p] of row) {
      const list = stored.get(code)
      if (list === undefined || lastImage.get(code) === images) continue
      lastImage.set(code, images)
      list.push(p)
    }
    images++
  }
  const perClass = new Map<string, ClassPrior>()
  let sourceSum = 0
  let targetSum = 0
  for (const [code, prior] of sourcePrior) {
    const source = clampPrior(prior)
    const values = stored.get(code)!
    const unscored = images - values.length
    let target = source
    let iterations = 0
    let bounded = false
    while (images > 0 && iterations < maxIterations) {
      iterations++
      let sum = unscored * adjustToPrior(missing, source, target)
      for (const p of values) sum += adjustToPrior(p, source, target)
      const free = sum / images
      const next = clampPrior(Math.min(source * maxRatio, Math.max(source / maxRatio, free)))
      bounded = next !== clampPrior(free)
      const moved = Math.abs(next - target)
      target = next
      if (moved < tolerance) break
    }
    perClass.set(code, { source, target, iterations, bounded })
    sourceSum += source
    targetSum += target
  }
  return { perClass, expectedLabelsPerImage: { source: sourceSum, target: targetSum } }
}

export interface AdaptOptions {
  /** What a class missing from a stored row scores (see `fitCalibration`); default 0.02. */
  missingScore?: number
  /** A class missing from a target row is added when its adjusted probability reaches this; default 0.05 (the storage floor). */
  floor?: number
  tolerance?: number
  maxIterations?: number
  maxRatio?: number
}

/** `adaptScores`' result: the calibration, the priors, and the rows it produced. */
export interface AdaptedScores {
  calibration: Calibration
  prior: PriorEstimate
  /** The target rows adjusted to the estimated target prior. */
  adjusted: ImageScores
  /** The tuning rows calibrated (same entries as given). */
  calibratedTuning: ImageScores
}

/**
 * The whole adaptation: calibrates the scores on the tuning images (`fitCalibration`), takes the source prior
 * as each class's mean calibrated posterior over the tuning images (consistent with the calibration, never
 * 0), estimates the target prior by EM on the target images, and adjusts the target rows to it. A target row
 * keeps its classes of `classes` with their adjusted probability, gains those it lacks whose adjusted missing
 * probability reaches `floor`, and keeps codes outside `classes` calibrated but unadjusted.
 * Thresholds fitted on `calibratedTuning` may be applied to `adjusted`: calibration is monotonic, so the
 * tuning fit is the raw scores' fit with its thresholds mapped through the calibration.
 */
export function adaptScores(
  tuningScores: ImageScores,
  tuningTruth: ImageTruth,
  targetScores: ImageScores,
  classes: readonly string[],
  options: AdaptOptions = {},
): AdaptedScores {
  const calibration = fitCalibration(tuningScores, tuningTruth, classes, options.missingScore ?? defaultMissingScore)
  const missing = calibrate(calibration, calibration.missingScore)
  const calibrated = (scores: ImageScores): Map<string, Array<readonly [string, number]>> =>
    new Map([...scores].map(([image, row]) => [image, row.map(([code, score]) => [code, calibrate(calibration, score)] as const)]))
  const calibratedTuning = calibrated(tuningScores)
  const sourcePrior = meanPosterior(calibratedTuning, tuningTruth, classes, missing)
  const target = calibrated(targetScores)
  const prior = estimateTargetPrior(target.values(), sourcePrior, { missingPosterior: missing, tolerance: options.tolerance, maxIterations: options.maxIterations, maxRatio: options.maxRatio })
  const floor = options.floor ?? 0.05
  const added: Array<readonly [string, number]> = []
  for (const [code, { source, target: shifted }] of prior.perClass) {
    const p = adjustToPrior(missing, source, shifted)
    if (p >= floor) added.push([code, p])
  }
  const adjusted = new Map<string, Array<readonly [string, number]>>()
  for (const [image, row] of target) {
    const out = row.map(([code, p]) => {
      const shift = prior.perClass.get(code)
      return shift === undefined ? ([code, p] as const) : ([code, adjustToPrior(p, shift.source, shift.target)] as const)
    })
    const present = new Set(row.map(([code]) => code))
    for (const entry of added) if (!present.has(entry[0])) out.push(entry)
    adjusted.set(image, out)
  }
  return { calibration, prior, adjusted, calibratedTuning }
}

/** Each class's mean calibrated posterior over the truth's images, a missing class counting as `missing`; `missing` itself without images. */
function meanPosterior(calibrated: ImageScores, truth: ImageTruth, classes: readonly string[], missing: number): Map<string, number> {
  const sums = new Map(classes.map((code) => [code, 0]))
  for (const image of truth.keys()) {
    const seen = new Set<string>()
    for (const [code, p] of calibrated.get(image) ?? []) {
      const sum = sums.get(code)
      if (sum === undefined || seen.has(code)) continue
      seen.add(code)
      sums.set(code, sum + p - missing)
    }
  }
  const n = truth.size
  return new Map([...sums].map(([code, sum]) => [code, n === 0 ? missing : missing + sum / n]))
}
