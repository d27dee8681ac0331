import type { Db } from '../../main/db/connection'
import { getRun } from '../../main/db/queries/training-runs'
import { defaultFitOptions, bestGlobalThreshold } from '../../shared/metric/thresholds'
import { architectures, type Architecture } from '../../shared/training/config'
import type { BackendChoice, BackendName } from '../../shared/training/protocol'
export type { PredictionReport } from '../../shared/training/prediction'
import { applyWeights } from '../checkpoint'
import { createModel } from '../model'
import { loadBackend } from '../tf/backend'
import { validationSize } from '../trainer/validate-stage'
import { chooseCheckpoint, type CheckpointChoice } from './choose-checkpoint'
import type { ImageSetName, PredictionReport } from '../../shared/training/prediction'
import { listImageSet, readImageSetTruth } from './image-sets'
import { predictImages } from './predict-images'
import type { ScoreRows } from './score-rows'
import { checkPredictionSetName, storePredictionSet } from './store-prediction-set'
import { predictionViews } from './views'

export interface PredictOptions {
  runId: number
  checkpoint: CheckpointChoice
  images: ImageSetName
  /** Only these images of the set, by id (a sample submission's rows and the tuning images); default all. */
  keys?: ReadonlySet<string>
  tta: boolean
  /** Scales of the input size (each view decodes at round(size·s)); [1] by default. */
  scales: readonly number[]
  /** Input size in pixels; default the validation size of the checkpoint's stage. */
  size?: number
  /** Prediction set name; default `run<R>-<images>[-tta]`. */
  name?: string
  replace: boolean
  topK: number
  floor: number
  batchSize: number
  backend?: BackendName
  /** Images decoding at once (default: the run's dataWorkers, else the CPU count). */
  concurrency?: number
  signal?: AbortSignal
  onBackend?: (choice: BackendChoice) => void
  onProgress?: (done: number, total: number, seconds: number) => void
}

/** The default prediction set name: `run3-tuning`, `run3-tuning-tta`. */
export function defaultSetName(runId: number, images: ImageSetName, tta: boolean): string {
  return `run${runId}-${images}${tta ? '-tta' : ''}`
}

/**
 * Predicts an image set with a run's checkpoint and stores the scores as a prediction set: picks the
 * checkpoint, builds its model, scores every image with a file (TTA as asked) on the best backend, stores
 * each image's selected scores in one transaction, and, where the set has truth, reports the mean F2 at
 * the best global threshold (the export's label policy). Returns null, having written nothing, when the
 * signal stops it. Throws a clear Error for a missing run, checkpoint or image, or a taken name.
 */
export async function predictRun(db: Db, options: PredictOptions): Promise<PredictionReport | null> {
  const run = getRun(db, options.runId)
  if (!run) throw new Error(`no run ${options.runId} in this workspace (see oiw train, or the training page)`)
  const chosen = await chooseCheckpoint(db, run, options.checkpoint)
  const { position } = chosen
  const size = options.size ?? validationSize(run.config.stages[chosen.stageIndex]!)
  const details = [options.tta ? 'tta' : '', options.scales.some((s) => s !== 1) ? `scales ${options.scales.join(',')}` : '', options.size !== undefined ? `size ${size}` : ''].filter(Boolean)
  const target = {
    name: options.name ?? defaultSetName(run.id, options.images, options.tta),
    description: `run ${run.id} checkpoint ${chosen.name}${details.length > 0 ? ` (${details.join(', ')})` : ''}`,
    replace: options.replace,
  }
  checkPredictionSetName(db, target)
  const classIds = classIdsOf(db, position.classCodes, chosen.dir)
  const set = listImageSet(db, options.images, run.config.validationFraction)
  if (options.keys) {
    const keys = options.keys
    set.images = set.images.filter((image) => keys.has(image.key))
  }
  if (set.images.length === 0) {
    throw new Error(
      set.withoutFile > 0
        ? `none of the ${set.withoutFile} ${options.images} images has a file: index their folder first (oiw index DIR)`
        : `the catalog has no ${options.images} images${options.images === 'test' ? ' (index a sample submission and the test image folder)' : ''}`,
    )
  }
  const backend = await loadBackend(options.backend ? { prefer: options.backend } : {})
  options.onBackend?.(backend)
  if (!(architectures as readonly string[]).includes(position.arch)) throw new Error(`${chosen.dir}: unknown architecture ${position.arch}`)
  const model = createModel({ arch: position.arch as Architecture, width: position.width, classes: position.classCodes.length, seed: 0 })
  const views = predictionViews(size, options.scales, options.tta)
  const start = performance.now()
  let predicted
  try {
    applyWeights(model, chosen.checkpoint.weights)
    const concurrency = options.concurrency ?? run.config.dataWorkers
    predicted = await predictImages({
      model, images: set.images, views, batchSize: options.batchSize, topK: options.topK, floor: options.floor,
      ...(concurrency ? { concurrency } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (done, total) => options.onProgress?.(done, total, (performance.now() - start) / 1000),
    })
  } finally {
    model.dispose()
  }
  const seconds = (performance.now() - start) / 1000
  if (predicted.stopped) return null
  const images = predicted.rows.images
  const rows = storePredictionSet(db, target, set.images, classIds, predicted.rows)
  const scoredImages = set.images.filter((_, i) => predicted.scored[i] === 1)
  const truth = readImageSetTruth(db, options.images, scoredImages)
  const fit = truth && truth.size > 0 ? bestGlobalThreshold(scoresByKey(predicted.rows, set.images, position.classCodes), truth, defaultFitOptions) : null
  return {
    name: target.name,
    description: target.description,
    runId: run.id,
    checkpoint: { dir: chosen.dir, name: chosen.name, stage: chosen.stageIndex + 1, epoch: position.nextBatch === 0 ? position.epoch - 1 : position.epoch },
    imageSet: options.images,
    images,
    withoutFile: set.withoutFile,
    unreadable: predicted.unreadable,
    classes: position.classCodes.length,
    size,
    views,
    backend: backend.name,
    seconds: Number(seconds.toFixed(2)),
    imagesPerSecond: Number((images / Math.max(seconds, 1e-3)).toFixed(2)),
    rows,
    truthImages: truth?.size ?? 0,
    f2: fit?.f2 ?? null,
    threshold: fit?.threshold ?? null,
  }
}

/** The catalog id of each head class; throws when the catalog lacks some (a checkpoint of another workspace). */
function classIdsOf(db: Db, codes: readonly string[], dir: string): number[] {
  const idOf = db.prepare('SELECT id FROM classes WHERE code = ?').pluck()
  const ids = codes.map((code) => idOf.get(code) as number | undefined)
  const missing = codes.filter((_, i) => ids[i] === undefined)
  if (missing.length > 0) throw new Error(`${dir}: ${missing.length} of the checkpoint's ${codes.length} classes are not in this catalog (e.g. ${missing.slice(0, 3).join(', ')}): is it of another workspace?`)
  return ids as number[]
}

/** The stored scores by image key, as the threshold fitting reads them. */
function scoresByKey(rows: ScoreRows, images: readonly { key: string }[], codes: readonly string[]): Map<string, Array<[string, number]>> {
  const scores = new Map<string, Array<[string, number]>>()
  const { image, classIndex, score } = rows.columns()
  for (let r = 0; r < rows.length; r++) {
    const key = images[image[r]!]!.key
    let row = scores.get(key)
    if (row === undefined) scores.set(key, (row = []))
    row.push([codes[classIndex[r]!]!, score[r]!])
  }
  return scores
}
