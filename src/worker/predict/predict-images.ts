import * as tf from '@tensorflow/tfjs'
import { createBatchStream, type Batch, type BatchStream } from '../data/batch-stream'
import type { SampleSource } from '../data/sample-source'
import type { SampleImage } from '../data/training-images'
import type { Model } from '../model'
import { pixelsToTensor } from '../trainer/train-step'
import { ScoreRows, selectScores } from './score-rows'
import { averageViews, type View, type ViewOutput } from './views'

export interface PredictImagesOptions {
  /** The models to average (an ensemble), all with the same head classes; one for a single model. */
  models: readonly Model[]
  images: readonly SampleImage[]
  views: readonly View[]
  batchSize: number
  /** Classes stored per image: the top K, plus every class scoring at least `floor`. */
  topK: number
  floor: number
  /** Images decoding at once per size (default: the CPU count). */
  concurrency?: number
  /** Ctrl+C: the loop ends after the batch in hand. */
  signal?: AbortSignal
  /** After each batch: images scored so far of `total`. */
  onProgress?: (done: number, total: number) => void
}

export interface PredictedImages {
  /** Rows by position in `images`. */
  rows: ScoreRows
  /** Per image position: 1 when scored (unreadable files are not). */
  scored: Uint8Array
  unreadable: { count: number; examples: string[] }
  /** True when the signal ended the loop early. */
  stopped: boolean
}

/** The images as a batcher source: files only, no targets (a prediction has none). */
function imageSource(images: readonly SampleImage[]): SampleSource {
  return { kind: 'labels', count: images.length, classCount: 0, pixelsOf: (index) => ({ file: images[index]!.file }), targetsOf: () => {} }
}

/**
 * Sigmoid probabilities of a batch under each model and each of its views at this size: the batch decoded
 * once, its mirrored views in the same forward pass of each model.
 */
function scoreBatch(models: readonly Model[], batch: Batch, flips: readonly boolean[]): ViewOutput[] {
  const x = pixelsToTensor(batch)
  const input = tf.tidy(() => {
    const inputs = flips.map((flip) => (flip ? tf.reverse(x, 2) : x))
    return inputs.length === 1 ? tf.clone(inputs[0]!) : tf.concat(inputs, 0)
  })
  try {
    return models.flatMap((model) => {
      const values = tf.tidy(() => tf.sigmoid(model.forward(input as tf.Tensor4D, false)).dataSync() as Float32Array)
      const rowValues = batch.count * model.classes
      return flips.map((_, v) => ({ sampleIndexes: batch.sampleIndexes!, probabilities: values.subarray(v * rowValues, (v + 1) * rowValues) }))
    })
  } finally {
    tf.dispose([x, input])
  }
}

/**
 * Scores images with models in inference mode, decoding them with the training pipeline (sharp, no
 * augmentation, prefetching; one stream per view size, each image decoded once per size) and averaging the
 * sigmoid probabilities over every model × view (an ensemble, test-time augmentation) before the selection,
 * so the stored scores are the ensemble's own. Keeps only each image's selected scores (`selectScores`), so
 * memory grows with images × stored classes, never images × classes. Unreadable files are skipped and counted.
 */
export async function predictImages(options: PredictImagesOptions): Promise<PredictedImages> {
  const { models, images, views, batchSize, topK, floor, signal } = options
  const classes = models[0]?.classes
  if (classes === undefined) throw new Error('predictImages needs a model')
  if (models.some((m) => m.classes !== classes)) throw new Error(`the models of an ensemble score different numbers of classes (${models.map((m) => m.classes).join(', ')})`)
  const sizes = [...new Set(views.map((v) => v.size))]
  const order = Uint32Array.from({ length: images.length }, (_, i) => i)
  const source = imageSource(images)
  const streams: BatchStream[] = sizes.map((size) =>
    createBatchStream({ samples: source, order, batchSize, inputSizes: [size], augmentation: 'none', seed: 0, epoch: 0, ...(options.concurrency ? { concurrency: options.concurrency } : {}) }),
  )
  const rows = new ScoreRows()
  const scored = new Uint8Array(images.length)
  let done = 0
  let stopped = false
  try {
    for (;;) {
      if (signal?.aborted) {
        stopped = true
        break
      }
      const batches = await Promise.all(streams.map((stream) => stream.next()))
      if (batches.some((b) => b.done)) break
      const outputs: ViewOutput[] = []
      batches.forEach((result, s) => {
        const batch = result.value as Batch
        if (batch.count > 0) outputs.push(...scoreBatch(models, batch, views.filter((v) => v.size === sizes[s]).map((v) => v.flip)))
      })
      const mean = averageViews(outputs, classes)
      for (let r = 0; r < mean.sampleIndexes.length; r++) {
        const image = mean.sampleIndexes[r]!
        if (scored[image] === 1) continue // a later image that filled an unreadable file's slot: scored in its own batch too
        const probabilities = mean.probabilities.subarray(r * classes, (r + 1) * classes)
        rows.addImage(image, probabilities, selectScores(probabilities, topK, floor))
        scored[image] = 1
        done++
      }
      options.onProgress?.(done, images.length)
      await new Promise((resolve) => setImmediate(resolve)) // let a signal handler run between batches
    }
  } finally {
    for (const stream of streams) stream.close()
  }
  const unreadable = { count: 0, examples: [] as string[] }
  for (const stream of streams) {
    unreadable.count = Math.max(unreadable.count, stream.skipped.count)
    for (const example of stream.skipped.examples) if (unreadable.examples.length < 5 && !unreadable.examples.includes(example)) unreadable.examples.push(example)
  }
  return { rows, scored, unreadable, stopped }
}
