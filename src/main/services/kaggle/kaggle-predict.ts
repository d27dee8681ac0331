import type { KaggleReport } from '../../../shared/api/kaggle'
import { ApiError } from '../../../shared/errors'
import type { BackendName } from '../../../shared/training/protocol'
import type { PredictionReport } from '../../../shared/training/prediction'
import { keepLastEpochs } from '../../../shared/training/runs'
import type { Db } from '../../db/connection'
import { countPredictionSet, getPredictionSet } from '../../db/queries/predictions'
import { getRun } from '../../db/queries/training-runs'
import { exportKaggle } from '../evaluation/export-kaggle'
import { describeShiftAdaptation, type ShiftAdaptation } from '../../../shared/training/shift-adaptation'

/**
 * Image scorings the pipeline's predict is expected to make, each of every view: the budget reserve counts
 * views × this. Fine-tuned: each tuning image by its fold's model, every other image by all the folds' models.
 * A snapshot has at most 1 + keepLastEpochs checkpoints, but with a schedule planned to end with the budget the
 * best is nearly always one of the last epochs (each folder counts once): counting the most kept a fifth of a
 * 75 s budget idle. The reserve's own margin (validation speed × 1.25) covers the odd third one.
 */
export function kaggleScorings(images: { predict: number; tuning: number }, adaptation: Pick<ShiftAdaptation, 'fineTuneFolds' | 'checkpoints'>): number {
  if (adaptation.fineTuneFolds > 0) return images.tuning + Math.max(0, images.predict - images.tuning) * adaptation.fineTuneFolds
  return images.predict * (adaptation.checkpoints === 'snapshot' ? keepLastEpochs : 1)
}

/**
 * The adaptation as the catalog allows it: fine-tuning needs two tuning images with a file per fold (a
 * catalog whose test folder is not indexed has none), so with fewer it is left out and the pipeline predicts
 * with `checkpoints` (the best, or the snapshot), as the report then says.
 */
export function applicableAdaptation(adaptation: ShiftAdaptation, tuningImages: number): ShiftAdaptation {
  return adaptation.fineTuneFolds > 0 && tuningImages < 2 * adaptation.fineTuneFolds ? { ...adaptation, fineTuneFolds: 0 } : adaptation
}

/** Images fine-tuning trains on, all folds and epochs: each fold passes over the other folds' share of the tuning images. */
export function kaggleFineTuneImages(tuningImages: number, adaptation: Pick<ShiftAdaptation, 'fineTuneFolds' | 'fineTuneEpochs'>): number {
  const k = adaptation.fineTuneFolds
  return k > 0 ? Math.ceil(adaptation.fineTuneEpochs * (k - 1) * tuningImages) : 0
}

/**
 * Predicts the pipeline's images (the sample's and the tuning ones, every one that has a file) as the
 * adaptation says: fine-tuned on the tuning labels in folds from the best checkpoint, or with the best
 * checkpoint or the snapshot ensemble; flip and multi-scale TTA and batch-norm adaptation when asked; into
 * the prediction set `name` (replaced if there). tfjs loads here only. Throws `cancelled` when the signal
 * stops it (nothing stored).
 */
export async function kagglePredict(
  db: Db,
  options: {
    runId: number
    name: string
    keys: ReadonlySet<string>
    tta: boolean
    adaptation: Pick<ShiftAdaptation, 'adaptBatchNorm' | 'scales' | 'checkpoints' | 'fineTuneFolds' | 'fineTuneEpochs'>
    /** Seconds fine-tuning may take (it runs fewer epochs to fit); default: its epochs whatever they take. */
    fineTuneSeconds?: number
    backend?: BackendName
  },
  progress: { onProgress: (done: number, total: number, seconds: number) => void; onFineTune?: (done: number, total: number) => void },
  signal?: AbortSignal,
): Promise<PredictionReport> {
  const { predictRun } = await import('../../../worker/predict/predict-run')
  const a = options.adaptation
  const report = await predictRun(db, {
    runId: options.runId,
    checkpoint: a.fineTuneFolds > 0 ? 'best' : a.checkpoints,
    ...(a.fineTuneFolds > 0 ? { fineTune: { folds: a.fineTuneFolds, epochs: a.fineTuneEpochs, ...(options.fineTuneSeconds !== undefined ? { seconds: options.fineTuneSeconds } : {}) } } : {}),
    images: 'test',
    keys: options.keys,
    tta: options.tta,
    adaptBatchNorm: a.adaptBatchNorm,
    scales: a.scales,
    name: options.name,
    replace: true,
    topK: 20,
    floor: 0.05,
    batchSize: 32,
    ...(options.backend ? { backend: options.backend } : {}),
    ...(signal ? { signal } : {}),
    onProgress: progress.onProgress,
    ...(progress.onFineTune ? { onFineTune: progress.onFineTune } : {}),
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
