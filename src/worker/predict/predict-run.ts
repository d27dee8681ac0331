import type { Db } from '../../main/db/connection'
import { tuningImageKeys } from '../../main/db/queries/kaggle'
import { getRun } from '../../main/db/queries/training-runs'
import { defaultFitOptions, bestGlobalThreshold } from '../../shared/metric/thresholds'
import { architectures, type Architecture } from '../../shared/training/config'
import type { BackendChoice, BackendName } from '../../shared/training/protocol'
export type { PredictionReport } from '../../shared/training/prediction'
import { applyWeights } from '../checkpoint'
import { createModel, type Model } from '../model'
import { loadBackend } from '../tf/backend'
import { validationSize } from '../trainer/validate-stage'
import { chooseEnsemble, describeEnsemble, type CheckpointPick, type EnsembleMember } from './ensemble'
import { epochRange, type ImageSetName, type PredictionReport } from '../../shared/training/prediction'
import { listImageSet, readImageSetTruth } from './image-sets'
import { predictImages, type PredictedImages } from './predict-images'
import { adaptBatchNorm } from './adapt-batch-norm'
import type { ScoreRows } from './score-rows'
import { checkPredictionSetName, storePredictionSet } from './store-prediction-set'
import { fineTuneOnTuning, type TuningFineTune } from './tuning-fine-tune'
import type { StoredTensor } from '../checkpoint'
import { readTuningTruth } from '../../main/services/evaluation/prediction-scores'
import { predictionViews } from './views'

export interface PredictOptions {
  /** The run; or several runs, whose `checkpoint`s predict together (an ensemble): the first names the set by default. */
  runId: number | readonly number[]
  /**
   * The checkpoint; or several, an ensemble (`snapshot`: the labels stage's best and last two epochs). Every
   * checkpoint of every run (each folder once, at most 8, all with the same head classes in the same order)
   * scores every view, and each image's sigmoid probabilities are averaged over all of them before the top K
   * are selected. A folder is one run's checkpoint.
   */
  checkpoint: CheckpointPick | readonly CheckpointPick[]
  images: ImageSetName
  /** Only these images of the set, by id (a sample submission's rows and the tuning images); default all. */
  keys?: ReadonlySet<string>
  tta: boolean
  /**
   * Batch-norm adaptation (adapt-batch-norm.ts): the tuning images among those predicted, and the others, are
   * each normalised by batch-norm statistics re-estimated on their own images, so a test set from other places
   * is scored in its own statistics while the thresholds are fitted on tuning images scored in theirs.
   */
  adaptBatchNorm?: boolean
  /**
   * Fine-tune on the tuning labels first (tuning-fine-tune.ts): `folds` models from the (one) checkpoint, each
   * scoring its held-out tuning images; the other images are scored by all of them. Absent or 0 folds: none.
   */
  fineTune?: TuningFineTune
  /** Fine-tuning: images seen so far of the total (before any image is predicted). */
  onFineTune?: (done: number, total: number) => void
  /** Scales of the input size (each view decodes at round(size·s)); [1] by default. */
  scales: readonly number[]
  /** Input size in pixels; default the validation size of the (first) checkpoint's stage. */
  size?: number
  /** Prediction set name; default `defaultSetName`'s. */
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

/** The default prediction set name: `run3-tuning`, `run3-tuning-tta`; an ensemble's `run3-tuning-ensemble3-tta`, `run3+4-test-ensemble2`. */
export function defaultSetName(runIds: number | readonly number[], images: ImageSetName, tta: boolean, checkpoints = 1): string {
  const runs = typeof runIds === 'number' ? [runIds] : runIds
  return `run${runs.join('+')}-${images}${checkpoints > 1 ? `-ensemble${checkpoints}` : ''}${tta ? '-tta' : ''}`
}

/**
 * Predicts an image set with a run's checkpoint, or an ensemble's, and stores the scores as a prediction set:
 * picks the checkpoints, builds their models, scores every image with a file (TTA as asked, each image's
 * probabilities averaged over checkpoints × views) on the best backend, stores
 * each image's selected scores in one transaction, and, where the set has truth, reports the mean F2 at
 * the best global threshold (the export's label policy). Returns null, having written nothing, when the
 * signal stops it. Throws a clear Error for a missing run, checkpoint or image, or a taken name.
 */
export async function predictRun(db: Db, options: PredictOptions): Promise<PredictionReport | null> {
  const runIds = typeof options.runId === 'number' ? [options.runId] : options.runId
  const runs = runIds.map((id) => {
    const found = getRun(db, id)
    if (!found) throw new Error(`no run ${id} in this workspace (see oiw train, or the training page)`)
    return found
  })
  const members = await chooseEnsemble(db, runs, ([] as CheckpointPick[]).concat(options.checkpoint))
  const chosen = members[0]!
  const { run, position } = chosen
  const ownSizes = new Set(members.map((m) => validationSize(m.run.config.stages[m.stageIndex]!)))
  const size = options.size ?? validationSize(run.config.stages[chosen.stageIndex]!)
  const details = [options.tta ? 'tta' : '', options.adaptBatchNorm ? 'batch norm adapted' : '', options.scales.some((s) => s !== 1) ? `scales ${options.scales.join(',')}` : '', options.size !== undefined || ownSizes.size > 1 ? `size ${size}` : ''].filter(Boolean)
  // the set's description: its checkpoints, how they were fine-tuned (once known), the views
  const describe = (fineTuned: { folds: number; epochs: readonly number[] } | null) =>
    `${describeEnsemble(members)}${fineTuned ? fineTuneWords(fineTuned) : ''}${details.length > 0 ? ` (${details.join(', ')})` : ''}`
  const target = {
    name: options.name ?? defaultSetName(runIds, options.images, options.tta, members.length),
    description: describe(null),
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
  const fineTune = options.fineTune && options.fineTune.folds > 0 ? options.fineTune : null
  if (fineTune && members.length > 1) throw new Error(`fine-tuning on the tuning labels starts from one checkpoint, not ${members.length}: its folds' models are the ensemble`)
  const backend = await loadBackend(options.backend ? { prefer: options.backend } : {})
  options.onBackend?.(backend)
  const views = predictionViews(size, options.scales, options.tta)
  const start = performance.now()
  let predicted: PredictedImages | undefined
  let fineTuned: NonNullable<PredictionReport['fineTune']> | null = null
  const models: Model[] = []
  try {
    for (const member of members) models.push(modelOf(member))
    const concurrency = options.concurrency ?? run.config.dataWorkers
    // what each model predicts with: its checkpoint's weights, or each fold's fine-tuned ones
    let weights: Array<Map<string, StoredTensor>> = members.map((m) => m.checkpoint.weights)
    let parts: Array<{ keys: ReadonlySet<string>; models: number[] }> = []
    if (fineTune) {
      const tuning = await fineTuneOnTuning({
        model: models[0]!, start: weights[0]!, images: set.images, truth: readTuningTruth(db), classCodes: position.classCodes,
        stage: run.config.stages[chosen.stageIndex]!, fineTune, seed: run.config.seed,
        ...(concurrency ? { concurrency } : {}), ...(options.signal ? { signal: options.signal } : {}), ...(options.onFineTune ? { onProgress: options.onFineTune } : {}),
      })
      if (tuning === null) return null
      fineTuned = { folds: tuning.folds.length, epochs: tuning.epochs, images: tuning.images, seconds: Number(tuning.seconds.toFixed(2)) }
      target.description = describe(fineTuned)
      weights = tuning.folds.map((fold) => fold.weights)
      models[0]!.dispose()
      models.length = 0
      for (let f = 0; f < weights.length; f++) models.push(modelOf(chosen))
      parts = tuning.folds.map((fold, f) => ({ keys: fold.heldOut, models: [f] }))
    }
    const everyModel = models.map((_, i) => i)
    if (options.adaptBatchNorm) parts.push({ keys: new Set(tuningImageKeys(db)), models: everyModel })
    const groups = predictionGroups(set.images, parts, everyModel, !!options.adaptBatchNorm)
    set.images = groups.flatMap((g) => g.images)
    const common = {
      views, batchSize: options.batchSize, topK: options.topK, floor: options.floor,
      ...(concurrency ? { concurrency } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    }
    const predictStart = performance.now()
    let offset = 0
    for (const group of groups) {
      // each group starts from its models' weights and statistics, each model adapted on its own
      const groupModels = group.models.map((i) => models[i]!)
      for (const [j, model] of groupModels.entries()) {
        applyWeights(model, weights[group.models[j]!]!)
        if (group.adapt) await adaptBatchNorm({ model, images: group.images, size, ...common })
      }
      const before = offset
      const part = await predictImages({ models: groupModels, images: group.images, ...common, onProgress: (done) => options.onProgress?.(before + done, set.images.length, (performance.now() - predictStart) / 1000) })
      predicted = predicted ? mergePredicted(predicted, part, offset) : part
      offset += group.images.length
      if (part.stopped) break
    }
  } finally {
    for (const model of models) model.dispose()
  }
  if (!predicted) throw new Error('nothing to predict')
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
    checkpoint: reportedCheckpoint(chosen),
    ...(members.length > 1 ? { ensemble: members.map((m) => ({ runId: m.run.id, ...reportedCheckpoint(m) })) } : {}),
    ...(fineTuned ? { fineTune: fineTuned } : {}),
    imageSet: options.images,
    images,
    withoutFile: set.withoutFile,
    unreadable: predicted.unreadable,
    classes: position.classCodes.length,
    size,
    views,
    backend: backend.name,
    seconds: Number(seconds.toFixed(2)),
    imagesPerSecond: Number((images / Math.max(seconds - (fineTuned?.seconds ?? 0), 1e-3)).toFixed(2)),
    rows,
    truthImages: truth?.size ?? 0,
    f2: fit?.f2 ?? null,
    threshold: fit?.threshold ?? null,
  }
}

/** A checkpoint's model (weights applied later, per adaptation group). */
function modelOf(member: EnsembleMember): Model {
  const { arch, width, classCodes } = member.position
  if (!(architectures as readonly string[]).includes(arch)) throw new Error(`${member.dir}: unknown architecture ${arch}`)
  return createModel({ arch: arch as Architecture, width, classes: classCodes.length, seed: 0 })
}

/** A checkpoint as the report names it; `epoch`: the last it finished. */
function reportedCheckpoint(member: EnsembleMember): PredictionReport['checkpoint'] {
  const { position } = member
  return { dir: member.dir, name: member.name, stage: member.stageIndex + 1, epoch: position.nextBatch === 0 ? position.epoch - 1 : position.epoch }
}

/** ` fine-tuned on the tuning labels (5 folds × 8 epochs)`, or `(5 folds × 3–4 epochs)` where the time cut some short. */
function fineTuneWords(fineTuned: { folds: number; epochs: readonly number[] }): string {
  return ` fine-tuned on the tuning labels (${fineTuned.folds} folds × ${epochRange(fineTuned.epochs)} epochs)`
}

/**
 * The images in prediction order, in groups: each part's images (first come, first served) scored by its
 * models, then the rest by every model; `adapt` says whether each group is batch-norm adapted on its own.
 */
function predictionGroups<T extends { key: string }>(images: T[], parts: ReadonlyArray<{ keys: ReadonlySet<string>; models: number[] }>, everyModel: number[], adapt: boolean): Array<{ images: T[]; models: number[]; adapt: boolean }> {
  const taken = new Set<string>()
  const groups = parts.map(({ keys, models }) => {
    const part = images.filter((image) => keys.has(image.key) && !taken.has(image.key))
    for (const image of part) taken.add(image.key)
    return { images: part, models, adapt }
  })
  groups.push({ images: images.filter((image) => !taken.has(image.key)), models: everyModel, adapt })
  return groups.filter((group) => group.images.length > 0)
}

/** One prediction of two consecutive parts of an image list. */
function mergePredicted(first: PredictedImages, second: PredictedImages, offset: number): PredictedImages {
  first.rows.append(second.rows, offset)
  const scored = new Uint8Array(offset + second.scored.length)
  scored.set(first.scored.subarray(0, offset))
  scored.set(second.scored, offset)
  const examples = [...first.unreadable.examples, ...second.unreadable.examples].slice(0, 5)
  return { rows: first.rows, scored, unreadable: { count: first.unreadable.count + second.unreadable.count, examples }, stopped: first.stopped || second.stopped }
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
