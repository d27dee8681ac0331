import type { ExportAdaptationReport } from '../../../shared/api/evaluation'
import { calibrate, fitCalibration } from '../../../shared/metric/calibration'
import { chooseShrink } from '../../../shared/metric/choose-shrink'
import { selectExpectedF2 } from '../../../shared/metric/expected-f2'
import { perImageF2 } from '../../../shared/metric/f2'
import { consistentRow, consistentScores, hierarchyAgreement, minHierarchyAgreement } from '../../../shared/metric/hierarchy'
import { imageFolds } from '../../../shared/metric/image-folds'
import { adaptScores } from '../../../shared/metric/prior-shift'
import type { FitOptions, ImageScores, ImageTruth } from '../../../shared/metric/thresholds'
import type { ShiftAdaptation } from '../../../shared/training/shift-adaptation'
import type { Db } from '../../db/connection'
import { readClassParents } from '../../db/queries/class-parents'
import { classesOf } from './test-prior'

/** The export's part of the shift adaptation. */
export type ExportAdaptation = Pick<ShiftAdaptation, 'priorShift' | 'decision' | 'shrink' | 'hierarchy'>

/** Rows scored as the export labels them: each row's scores and how labels are picked from them. */
export interface AdaptedRows {
  /** Scores to fit thresholds on: the tuning rows (calibrated when the scores are turned into probabilities). */
  tuningScores: ImageScores
  /** A row's scores as labelled: the target's adjusted ones when the prior was estimated, else the stored ones (calibrated when needed). */
  rowScores: (imageId: string, stored: ReadonlyArray<readonly [string, number]>) => ReadonlyArray<readonly [string, number]>
  /** The fit options with the shrinkage chosen. */
  fit: FitOptions
  /** With the expected-F2 decision: its mean F2 on the tuning images, calibration cross-validated; else null. */
  expectedF2CrossValidated: number | null
  report: ExportAdaptationReport
}

/** Classes listed in the report whose estimated test prior moved the most from tuning's. */
const reportedClasses = 20

/**
 * Prepares an export for a test set that differs from the tuning images: chooses the thresholds' shrinkage
 * (cross-validated, toward the parent class's threshold where the catalog has a hierarchy), turns scores into
 * probabilities (Platt scaling fitted on the tuning labels) when the prior is estimated or labels are chosen
 * by expected F2, estimates the test images' class prior by EM on `target` (the rows to be written, without
 * their labels; Saerens et al. 2002) to adjust their probabilities to it, and makes every row's scores
 * consistent with the catalog's hierarchy where the tuning labels follow it.
 */
export function adaptExport(db: Db, tuning: { scores: ImageScores; truth: ImageTruth }, target: ImageScores, fit: FitOptions, adaptation: ExportAdaptation): AdaptedRows {
  const probabilities = adaptation.priorShift || adaptation.decision === 'expected-f2'
  const classes = classesOf(tuning.scores, target)
  let tuningScores = tuning.scores
  let rowScores: AdaptedRows['rowScores'] = (_, stored) => stored
  let prior: ExportAdaptationReport['prior'] = null
  if (adaptation.priorShift) {
    const adapted = adaptScores(tuning.scores, tuning.truth, target, classes)
    tuningScores = adapted.calibratedTuning
    const adjusted = adapted.adjusted
    const calibration = adapted.calibration
    rowScores = (imageId, stored) => adjusted.get(imageId) ?? stored.map(([code, score]) => [code, calibrate(calibration, score)] as const)
    const moved = [...adapted.prior.perClass].map(([code, p]) => ({ code, tuning: p.source, estimatedTest: p.target })).sort((a, b) => Math.abs(b.estimatedTest - b.tuning) - Math.abs(a.estimatedTest - a.tuning) || (a.code < b.code ? -1 : 1))
    prior = {
      targetImages: target.size,
      labelsPerImage: { tuning: adapted.prior.expectedLabelsPerImage.source, estimatedTest: adapted.prior.expectedLabelsPerImage.target },
      calibration: { a: calibration.a, b: calibration.b },
      classes: moved.slice(0, reportedClasses),
    }
  } else if (probabilities) {
    const calibration = fitCalibration(tuning.scores, tuning.truth, classes)
    const calibrated = (row: ReadonlyArray<readonly [string, number]>) => row.map(([code, score]) => [code, calibrate(calibration, score)] as const)
    tuningScores = new Map([...tuning.scores].map(([image, row]) => [image, calibrated(row)]))
    rowScores = (_, stored) => calibrated(stored)
  }
  const parents = readClassParents(db)
  let hierarchy: ExportAdaptationReport['hierarchy'] = null
  if (adaptation.hierarchy) {
    const agreement = hierarchyAgreement(tuning.truth, parents)
    const applied = parents.size > 0 && agreement.share >= minHierarchyAgreement
    hierarchy = { applied, catalogHasHierarchy: parents.size > 0, labelsWithParent: agreement.labelsWithParent, agreement: agreement.share }
    if (applied) {
      const consistent = consistentRow(parents)
      const scored = rowScores
      tuningScores = consistentScores(tuningScores, parents)
      rowScores = (imageId, stored) => consistent(scored(imageId, stored))
    }
  }
  const withParents: FitOptions = parents.size > 0 ? { ...fit, parents } : fit
  const shrink = adaptation.shrink === 'auto' ? chooseShrink(tuningScores, tuning.truth, withParents).shrink : adaptation.shrink
  const expectedF2CrossValidated = adaptation.decision === 'expected-f2' ? crossValidateExpectedF2(tuning.scores, tuning.truth, classes, fit) : null
  return {
    tuningScores,
    rowScores,
    fit: { ...withParents, shrink },
    expectedF2CrossValidated,
    report: { priorShift: adaptation.priorShift, decision: adaptation.decision, shrink, shrinkTowardParents: parents.size > 0, prior, expectedF2CrossValidated, hierarchy },
  }
}

/** Mean F2 of expected-F2 labels on the tuning images, each fold's probabilities calibrated on the other folds. */
function crossValidateExpectedF2(scores: ImageScores, truth: ImageTruth, classes: readonly string[], fit: FitOptions): number {
  const { folds } = imageFolds(truth, 5)
  let sum = 0
  for (const { fitting, heldOut } of folds) {
    const calibration = fitCalibration(scores, fitting, classes)
    for (const [image, labels] of heldOut) {
      const row = (scores.get(image) ?? []).map(([code, score]) => [code, calibrate(calibration, score)] as const)
      sum += perImageF2(selectExpectedF2(row, fit), labels)
    }
  }
  return truth.size === 0 ? 0 : sum / truth.size
}
