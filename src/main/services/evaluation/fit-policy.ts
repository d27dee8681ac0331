import type { AppliedThresholds } from '../../../shared/api/evaluation'
import { ApiError } from '../../../shared/errors'
import {
  crossValidate,
  defaultFitOptions,
  fitThresholds,
  type CrossValidation,
  type FitOptions,
  type FittedThresholds,
  type ImageScores,
  type ImageTruth,
  type Thresholds,
} from '../../../shared/metric/thresholds'
import type { Db } from '../../db/connection'
import type { TruthKind } from '../../../shared/api/evaluation'
import { ImageScoresReader, readHumanTruthImages, readTuningImages, type ImageScoreRow, type TuningImage } from '../../db/queries/predictions'

/** The fitting options with defaults filled in; `invalid-argument` unless 0 ≤ min ≤ max and max ≥ 1. */
export function resolveFitOptions(options: Partial<FitOptions>): FitOptions {
  const fit: FitOptions = {
    minLabels: options.minLabels ?? defaultFitOptions.minLabels,
    maxLabels: options.maxLabels ?? defaultFitOptions.maxLabels,
    minSupport: options.minSupport ?? defaultFitOptions.minSupport,
    passes: options.passes ?? defaultFitOptions.passes,
  }
  if (fit.minLabels < 0 || fit.maxLabels < Math.max(1, fit.minLabels)) {
    throw new ApiError('invalid-argument', `need 0 ≤ min labels ≤ max labels and max labels ≥ 1 (got ${fit.minLabels}, ${fit.maxLabels})`, 'minLabels')
  }
  return fit
}

/** The tuning images a set scores, with their scores and truth, keyed by image id; and how many it does not score. */
export interface TuningScores {
  images: TuningImage[]
  scores: Map<string, ImageScoreRow[]>
  truth: Map<string, string[]>
  unscored: number
}

/**
 * Reads a set's scores of the images with truth only (one primary-key read per image), whatever the size of
 * the set: fitting and error analysis never need the rest. Truth `tuning`: the tuning images and their tuning
 * labels; `human`: the images the set scores that have human-positive labels, and those labels.
 */
export function readTuningScores(db: Db, setId: number, truthKind: TruthKind = 'tuning'): TuningScores {
  const reader = new ImageScoresReader(db, setId)
  const images: TuningImage[] = []
  const scores = new Map<string, ImageScoreRow[]>()
  const truth = new Map<string, string[]>()
  let unscored = 0
  for (const image of truthKind === 'tuning' ? readTuningImages(db) : readHumanTruthImages(db, setId)) {
    const row = reader.read(image.id)
    if (row.length === 0) {
      unscored++
      continue
    }
    images.push(image)
    scores.set(image.imageId, row)
    truth.set(image.imageId, image.truth)
  }
  return { images, scores, truth, unscored }
}

/** Fitted thresholds, their cross-validation, and which of them label rows. */
export interface FittedPolicy {
  fit: FitOptions
  fitted: FittedThresholds
  crossValidated: CrossValidation
  applied: AppliedThresholds
  /** What rows are labelled with: the per-class thresholds when applied, else the global one alone. */
  thresholds: Thresholds
}

/**
 * The Kaggle export's rule for thresholds: a global and per-class thresholds fitted on the truth's images,
 * k-fold cross-validated; the per-class ones are applied only when held-out folds score them better (they
 * always fit the fitting set better). About 6 fits: seconds for 1,000 tuning images.
 */
export function fitPolicy(scores: ImageScores, truth: ImageTruth, fit: FitOptions, setName: string, folds = 5): FittedPolicy {
  if (truth.size === 0) throw new ApiError('bad-input', `prediction set ${setName} scores none of the tuning images: nothing to fit thresholds on`, 'set')
  const fitted = fitThresholds(scores, truth, fit)
  const crossValidated = crossValidate(scores, truth, fit, folds)
  const applied: AppliedThresholds = crossValidated.perClassF2 > crossValidated.globalF2 ? 'per-class' : 'global'
  const thresholds: Thresholds = applied === 'per-class' ? fitted : { global: fitted.global, perClass: new Map() }
  return { fit, fitted, crossValidated, applied, thresholds }
}

/** The most frequent tuning labels (ties by code), for rows the set does not score. */
export function mostFrequentLabels(truth: ImageTruth, count: number): string[] {
  const counts = new Map<string, number>()
  for (const labels of truth.values()) for (const code of labels) counts.set(code, (counts.get(code) ?? 0) + 1)
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([code]) => code)
}
