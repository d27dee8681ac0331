/**
 * Fine-tuning on the tuning labels, k-fold: the tuning images are drawn like the test (other places, another
 * prior), so a model that also learns from them scores the test better (the challenge's 4th place fine-tuned
 * its one model on them). The tuning labels also fit the thresholds, so each fold's model learns from the other
 * folds' images only and scores its own fold: every tuning image is scored by a model that never saw it, and
 * the thresholds stay honest. The test images are scored by all folds' models together (an ensemble).
 */
import type { StageConfig } from '../../shared/training/config'
import { imageFolds } from '../../shared/metric/image-folds'
import { createBatchStream } from '../data/batch-stream'
import type { LabelSplit } from '../data/label-samples'
import { epochOrder } from '../data/sampler'
import { labelSource } from '../data/sample-source'
import type { SampleImage } from '../data/training-images'
import type { StoredTensor } from '../checkpoint'
import { applyWeights } from '../checkpoint'
import type { Model } from '../model'
import { createOptimizer } from '../train/optimizers'
import { trainStep } from '../trainer/train-step'

/** How the tuning labels fine-tune the model: `folds` models (0: none), each `epochs` passes over the other folds' images. */
export interface TuningFineTune {
  folds: number
  epochs: number
  /** Peak learning rate as a share of the stage's (default 0.1): a nudge, not a new training. */
  lrShare?: number
  /**
   * Seconds it may take (a pipeline's time left for it): timed by the first fold's first epoch, every fold
   * then runs as many of `epochs` as fit (at least 1).
   */
  seconds?: number
}

/** One fold's fine-tuned weights and the tuning images it left out (the ones it scores). */
export interface FineTunedFold {
  weights: Map<string, StoredTensor>
  heldOut: Set<string>
}

export interface FineTuneResult {
  folds: FineTunedFold[]
  /** Epochs each fold ran: `epochs`, or fewer where `seconds` did not allow them. */
  epochs: number[]
  /** Training images seen over all folds and epochs, and the seconds it took. */
  images: number
  seconds: number
}

export const defaultLrShare = 0.1

/** Tuning images fine-tuning needs at least: two folds of two images. */
export const minFineTuneImages = 4

/**
 * The tuning images as a labels split over the head's classes: 1 for each tuning label, 0 for every other
 * class (the tuning labels list every class present, as the metric reads them). Labels of classes outside
 * the head are left out.
 */
export function tuningSplit(images: readonly SampleImage[], truth: ReadonlyMap<string, readonly string[]>, classCodes: readonly string[]): LabelSplit {
  const indexOf = new Map(classCodes.map((code, i) => [code, i]))
  const rowStart = new Uint32Array(images.length + 1)
  const entries: number[] = []
  images.forEach((image, i) => {
    rowStart[i] = entries.length
    const heads = [...new Set((truth.get(image.key) ?? []).map((code) => indexOf.get(code)).filter((head): head is number => head !== undefined))]
    entries.push(...heads.sort((a, b) => a - b))
  })
  rowStart[images.length] = entries.length
  return {
    images: [...images],
    classCount: classCodes.length,
    rowStart,
    classIndexes: Uint32Array.from(entries),
    values: new Float32Array(entries.length).fill(1),
    human: new Uint8Array(entries.length).fill(1),
  }
}

/** Epochs (1 to `epochs`) each of `folds` folds can run in `secondsLeft` at `perEpoch` seconds an epoch. */
function epochsFitting(epochs: number, secondsLeft: number, perEpoch: number, folds: number): number {
  return Math.max(1, Math.min(epochs, Math.floor(secondsLeft / folds / Math.max(1e-6, perEpoch))))
}

/** A model's weights copied out of tf (so a fold's can be applied again after batch-norm adaptation changes them). */
export function copyWeights(model: Model): Map<string, StoredTensor> {
  return new Map([...model.namedWeights()].map(([name, variable]) => [name, { shape: [...variable.shape], values: new Float32Array(variable.dataSync() as Float32Array) }]))
}

/**
 * Fine-tunes `model` (holding the start weights, which it keeps at the end) once per fold on the other folds'
 * tuning images (`imageFolds`, the split the threshold fit uses): Adam at `lrShare` × the stage's learning rate,
 * cosine to 0 over `epochs`, the stage's loss, augmentation and input sizes, batch-norm statistics following the
 * tuning images. Returns null when the signal stops it. Throws when there are too few tuning images.
 */
export async function fineTuneOnTuning(options: {
  model: Model
  start: Map<string, StoredTensor>
  images: readonly SampleImage[]
  truth: ReadonlyMap<string, readonly string[]>
  classCodes: readonly string[]
  stage: StageConfig
  fineTune: TuningFineTune
  seed: number
  concurrency?: number
  signal?: AbortSignal
  onProgress?: (done: number, total: number) => void
}): Promise<FineTuneResult | null> {
  const { model, stage, fineTune } = options
  const images = options.images.filter((image) => options.truth.has(image.key))
  if (images.length < minFineTuneImages) throw new Error(`fine-tuning on the tuning labels needs ${minFineTuneImages} or more tuning images with a file and labels; the catalog has ${images.length}`)
  const byKey = new Map(images.map((image) => [image.key, image]))
  const { folds } = imageFolds(new Map(images.map((image) => [image.key, options.truth.get(image.key)!])), fineTune.folds)
  const batchSize = Math.min(stage.batchSize, images.length)
  let epochs = fineTune.epochs
  // images to see: the folds done, as they ran, and the others at the epochs planned now
  const total = () => folds.reduce((sum, fold, f) => sum + fold.fitting.size * (ran[f] ?? epochs), 0)
  const lr = stage.optimizer.lr * (fineTune.lrShare ?? defaultLrShare)
  const started = performance.now()
  const result: FineTunedFold[] = []
  const ran: number[] = []
  let done = 0
  try {
    let epochsRun = 0
    for (const [f, fold] of folds.entries()) {
      // each later fold runs the epochs its share of the time left allows, at the pace of the epochs so far
      if (f > 0 && fineTune.seconds !== undefined) {
        const spent = (performance.now() - started) / 1000
        epochs = epochsFitting(fineTune.epochs, fineTune.seconds - spent, spent / epochsRun, folds.length - f)
      }
      applyWeights(model, options.start)
      const split = tuningSplit([...fold.fitting.keys()].map((key) => byKey.get(key)!), options.truth, options.classCodes)
      const samples = labelSource(split)
      const stepsPerEpoch = Math.ceil(split.images.length / batchSize)
      const optimizer = createOptimizer({ ...stage.optimizer, name: 'adam', lr, weightDecay: 0 }, model.trainableVariables())
      try {
        let step = 0
        for (let epoch = 1; epoch <= epochs; epoch++) {
          const seed = options.seed + 7919 * (f + 1)
          const order = epochOrder(null, split.images.length, undefined, seed, epoch)
          const stream = createBatchStream({ samples, order, batchSize, inputSizes: stage.inputSizes, augmentation: stage.augmentation, seed, epoch, ...(options.concurrency ? { concurrency: options.concurrency } : {}) })
          try {
            for await (const batch of stream) {
              if (options.signal?.aborted) return null
              const rate = (lr * (1 + Math.cos((Math.PI * step) / (stepsPerEpoch * epochs)))) / 2
              trainStep(model, optimizer, batch, stage, options.classCodes.length, rate)
              step++
              done += batch.count
              options.onProgress?.(done, total())
            }
          } finally {
            stream.close()
          }
          epochsRun++
          // the first epoch timed: the first fold runs the epochs its share of the time allows
          if (f === 0 && epoch === 1 && fineTune.seconds !== undefined) {
            const spent = (performance.now() - started) / 1000
            epochs = epochsFitting(fineTune.epochs, fineTune.seconds, spent, folds.length)
          }
        }
      } finally {
        optimizer.dispose()
      }
      result.push({ weights: copyWeights(model), heldOut: new Set(fold.heldOut.keys()) })
      ran.push(epochs)
    }
  } finally {
    applyWeights(model, options.start)
  }
  return { folds: result, epochs: ran, images: done, seconds: (performance.now() - started) / 1000 }
}
