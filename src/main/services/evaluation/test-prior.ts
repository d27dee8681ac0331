import { ApiError } from '../../../shared/errors'
import { adaptScores, type PriorEstimate } from '../../../shared/metric/prior-shift'
import type { ImageScores } from '../../../shared/metric/thresholds'
import type { Db } from '../../db/connection'
import { getPredictionSet, ImageScoresReader, readTestImages } from '../../db/queries/predictions'
import { readTuningScores } from './fit-policy'

/** A prediction set's estimate of the test images' class prior (EM on their scores), beside the tuning images'. */
export interface TestPriorEstimate {
  set: string
  /** Test images (not tuning) the set scores: what the prior is estimated on. */
  testImages: number
  tuningImages: number
  labelsPerImage: { tuning: number; estimatedTest: number }
  /** Per class: the calibrated mean on the tuning images and the estimate on the test images (shares, 0..1). */
  classes: Map<string, { tuning: number; estimatedTest: number }>
}

/**
 * Estimates the class prior of the test images a prediction set scores, without their labels: scores
 * calibrated on the tuning labels, then per-class EM (Saerens et al. 2002; src/shared/metric/prior-shift.ts).
 * The estimate is only as good as the calibration: on images from contexts training never showed, scores run
 * high and so does the estimate (docs/shift.md). `bad-input` when the set scores no tuning or no other test image.
 */
export function estimateTestPrior(db: Db, setName: string): TestPriorEstimate {
  const set = getPredictionSet(db, setName)
  const tuning = readTuningScores(db, set.id, 'tuning')
  if (tuning.truth.size === 0) throw new ApiError('bad-input', `prediction set ${set.name} scores none of the tuning images: the scores cannot be calibrated`, 'set')
  const reader = new ImageScoresReader(db, set.id)
  const target = new Map<string, ReturnType<ImageScoresReader['read']>>()
  for (const [rowId, id] of readTestImages(db)) {
    if (tuning.truth.has(id)) continue
    const row = reader.read(rowId)
    if (row.length > 0) target.set(id, row)
  }
  if (target.size === 0) throw new ApiError('bad-input', `prediction set ${set.name} scores no test image besides the tuning ones: predict the test images (oiw predict --images test)`, 'set')
  const estimate = adaptScores(tuning.scores, tuning.truth, target, classesOf(tuning.scores, target)).prior
  return { set: set.name, testImages: target.size, tuningImages: tuning.truth.size, ...summary(estimate) }
}

function summary(estimate: PriorEstimate): Pick<TestPriorEstimate, 'labelsPerImage' | 'classes'> {
  return {
    labelsPerImage: { tuning: estimate.expectedLabelsPerImage.source, estimatedTest: estimate.expectedLabelsPerImage.target },
    classes: new Map([...estimate.perClass].map(([code, p]) => [code, { tuning: p.source, estimatedTest: p.target }])),
  }
}

/** Every class code the scores hold, sorted. */
export function classesOf(...sets: ImageScores[]): string[] {
  const codes = new Set<string>()
  for (const scores of sets) for (const row of scores.values()) for (const [code] of row) codes.add(code)
  return [...codes].sort()
}
