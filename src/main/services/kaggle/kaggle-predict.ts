import type { KaggleReport } from '../../../shared/api/kaggle'
import { ApiError } from '../../../shared/errors'
import type { BackendName } from '../../../shared/training/protocol'
import type { PredictionReport } from '../../../shared/training/prediction'
import type { Db } from '../../db/connection'
import { countPredictionSet, getPredictionSet } from '../../db/queries/predictions'
import { getRun } from '../../db/queries/training-runs'
import { exportKaggle } from '../evaluation/export-kaggle'

/**
 * Predicts the pipeline's images (the sample's and the tuning ones, every one that has a file) with the run's
 * best checkpoint, flip TTA when asked, into the prediction set `name` (replaced if there). tfjs loads here
 * only. Throws `cancelled` when the signal stops it (nothing stored).
 */
export async function kagglePredict(
  db: Db,
  options: { runId: number; name: string; keys: ReadonlySet<string>; tta: boolean; backend?: BackendName },
  onProgress: (done: number, total: number, seconds: number) => void,
  signal?: AbortSignal,
): Promise<PredictionReport> {
  const { predictRun } = await import('../../../worker/predict/predict-run')
  const report = await predictRun(db, {
    runId: options.runId,
    checkpoint: 'best',
    images: 'test',
    keys: options.keys,
    tta: options.tta,
    scales: [1],
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
  options: { predictions: string; out: string; sample: string; runId: number; budgetSeconds: number; usedSeconds: () => number },
): Promise<KaggleReport> {
  const report = await exportKaggle(db, { predictions: options.predictions, out: options.out, sample: options.sample, truth: 'tuning' })
  const predicted = countPredictionSet(db, getPredictionSet(db, options.predictions).id)
  const perClass = report.applied === 'per-class'
  const run = getRun(db, options.runId)
  return {
    budgetSeconds: options.budgetSeconds,
    usedSeconds: options.usedSeconds(),
    validationF2: run?.bestMetric ?? null,
    tuningF2CrossValidated: perClass ? report.crossValidated.perClassF2 : report.crossValidated.globalF2,
    thresholds: perClass ? 'per-class' : 'global',
    globalThreshold: report.globalThreshold,
    tuningImages: report.tuningImages,
    predictedImages: predicted.images,
    rows: report.rows,
    filledRows: report.filledRows,
    file: report.file,
  }
}
