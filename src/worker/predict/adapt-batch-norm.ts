import * as tf from '@tensorflow/tfjs'
import { createBatchStream } from '../data/batch-stream'
import type { SampleSource } from '../data/sample-source'
import type { SampleImage } from '../data/training-images'
import type { Model } from '../model'
import { pixelsToTensor } from '../trainer/train-step'

/** Images whose statistics are enough for every batch norm of our models (AdaBN's estimates settle by a few hundred). */
export const adaptationImageCap = 2048

export interface AdaptBatchNormOptions {
  model: Model
  images: readonly SampleImage[]
  /** Input size the images are decoded at (the prediction's main view). */
  size: number
  batchSize: number
  concurrency?: number
  signal?: AbortSignal
}

/**
 * Batch-norm adaptation (AdaBN, Li et al. 2016, "Revisiting batch normalization for practical domain
 * adaptation"): re-estimates every batch norm's running mean and variance from the images to be predicted
 * (no labels), so images from another context (other places, light, backgrounds: the stage-2 shift) are
 * normalised by their own statistics rather than training's. Forward passes in training mode only (no
 * gradients, weights untouched), over at most `adaptationImageCap` images spread evenly over the list.
 * Returns the images it used (0 when none was readable: the stats are then left as they were).
 */
export async function adaptBatchNorm(options: AdaptBatchNormOptions): Promise<number> {
  const { model, images } = options
  const step = Math.max(1, images.length / adaptationImageCap)
  const picked = Array.from({ length: Math.min(images.length, adaptationImageCap) }, (_, i) => images[Math.floor(i * step)]!)
  const source: SampleSource = { kind: 'labels', count: picked.length, classCount: 0, pixelsOf: (index) => ({ file: picked[index]!.file }), targetsOf: () => {} }
  const stream = createBatchStream({
    samples: source,
    order: Uint32Array.from({ length: picked.length }, (_, i) => i),
    batchSize: options.batchSize,
    inputSizes: [options.size],
    augmentation: 'none',
    seed: 0,
    epoch: 0,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  })
  let used = 0
  try {
    for await (const batch of stream) {
      if (options.signal?.aborted) break
      if (batch.count === 0) continue
      const x = pixelsToTensor(batch)
      tf.tidy(() => void model.forward(x, true))
      x.dispose()
      used += batch.count
    }
  } finally {
    stream.close()
  }
  // stopped: the stats of the batches seen are set all the same (the caller stores nothing once stopped)
  model.poolRunningStats()
  return used
}
