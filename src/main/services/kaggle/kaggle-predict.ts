import type { KaggleReport } from '../../../shared/api/kaggle'
import { ApiError } from '../../../shared/errors'
import type { BackendName } from '../../../shared/training/protocol'
import type { PredictionReport } from '../../../shared/training/prediction'
import { keepLastEpochs } from '../../../shared/training/runs'
import type { Db } from '../../db/connection'
import { countPredictionSet, getPredictionSet } from '../../db/queries/predictions'
import { getRun } from '../../db/queries/training-runs'
import { exportKaggle } from '../evaluation/export-kaggle'
import { describeShiftAdaptation, type KaggleCheckpoints, type ShiftAdaptation } from '../../../shared/training/shift-adaptation'

/**
 * Checkpoints a choice is expected to predict with: each scores every view, so the pipeline's budget reserve
 * counts views × this. A snapshot has at most 1 + keepLastEpochs, but with a schedule planned to end with the
 * budget the best is nearly always one of the last epochs (each folder counts once): counting the most kept a
 * fifth of a 75 s budget idle. The reserve's own margin (validation speed × 1.25) covers the odd third one.
 */
export function kaggleCheckpointCount(choice: KaggleCheckpoints): number {
  return choice === 'snapshot' ? keepLastEpochs : 1
}

/**
 * Predicts the pipeline's images (the sample's and the tuning ones, every one that has a file) with the run's
 * best checkpoint or its snapshot ensemble (`checkpoints`, default best), flip and multi-scale TTA and batch-norm
 * adaptation when asked, into the prediction set `name` (replaced if there). tfjs loads here only. Throws
 * `cancelled` when the signal stops it (nothing stored).
 */
export async function kagglePredict(
  db: Db,
  options: { runId: number; name: string; keys: ReadonlySet<string>; tta: boolean; adaptBatchNorm: boolean; scales: readonly number[]; checkpoints?: KaggleCheckpoints; backend?: BackendName },
  onProgress: (done: number, total: number, seconds: number) => void,
  signal?: AbortSignal,
): Promise<PredictionReport> {
  const { predictRun } = await import('../../../worker/predict/predict-run')
  const report = await predictRun(db, {
    runId: options.runId,
    checkpoint: options.checkpoints ?? 'best',
    images: 'test',
    keys: options.keys,
    tta: options.tta,
    adaptBatchNorm: options.adaptBatchNorm,
    scales: options.scales,
    name: options.name,
    replace: true,
    topK: 20,
    floor: 0.05,
    batchSize: 32,
    ...(options.backend ? { backend: options.backend } : {}),
    ...(signal ? { signal } : {}),
    onProgress,
  })
  if (report === null) throw new ApiError('cancelled', 'stopped while predicting: nothing was stored; the pipeline predicts again when it runs again')
  return report
}

/**
 * Fits thresholds on the tuning labels the set scores (5-fold cross-validated, per-class ones only where they
 * pay), writes the submission for the sample's ids and validates it; returns the pipeline's report.
 */
export async function kaggleExport(
  db: Db,
  options: { predictions: string; out: string; sample: string; runId: number; budgetSeconds: number; usedSeconds: () => number; adaptation: ShiftAdaptation },
): Promise<KaggleReport> {
  const report = await exportKaggle(db, { predictions: options.predictions, out: options.out, sample: options.sample, truth: 'tuning', adaptation: options.adaptation })
  const predicted = countPredictionSet(db, getPredictionSet(db, options.predictions).id)
  const perClass = report.applied === 'per-class'
  const run = getRun(db, options.runId)
  return {
    budgetSeconds: options.budgetSeconds,
    usedSeconds: options.usedSeconds(),
    validationF2: run?.bestMetric ?? null,
    tuningF2CrossValidated: report.adaptation?.expectedF2CrossValidated ?? (perClass ? report.crossValidated.perClassF2 : report.crossValidated.globalF2),
    adaptation: describeShiftAdaptation(options.adaptation),
    labelsPerImage: report.adaptation?.prior?.labelsPerImage ?? null,
    thresholds: perClass ? 'per-class' : 'global',
    globalThreshold: report.globalThreshold,
    tuningImages: report.tuningImages,
    predictedImages: predicted.images,
    rows: report.rows,
    filledRows: report.filledRows,
    file: report.file,
  }
}
