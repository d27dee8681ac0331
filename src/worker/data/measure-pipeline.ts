import type { AugmentationLevel } from '../../shared/training/config'
import { createBatchStream } from './batch-stream'
import type { SampleSource } from './sample-source'
import { epochOrder } from './sampler'

export interface PipelineMeasure {
  imagesPerSecond: number
  batches: number
  images: number
  seconds: number
  skippedFiles: number
}

export interface MeasureOptions {
  size: number
  batchSize: number
  augmentation: AugmentationLevel
  /** Stop after this long (default 10 s) … */
  seconds?: number
  /** … or after this many batches, whichever comes first. */
  batches?: number
  concurrency?: number
  prefetchBatches?: number
  seed?: number
}

/**
 * The data pipeline's own throughput (decode + crop + augment + batch, no training): what
 * `npm run bench:train` reports next to the model's steps per second. Walks shuffled epochs of the
 * samples until the time or batch budget is spent; the first batch counts (it includes the cold start).
 */
export async function measurePipeline(samples: SampleSource, options: MeasureOptions): Promise<PipelineMeasure> {
  if (samples.count === 0) throw new RangeError('no samples to measure')
  const seconds = options.seconds ?? (options.batches === undefined ? 10 : Infinity)
  const maxBatches = options.batches ?? Infinity
  const started = performance.now()
  const elapsed = (): number => (performance.now() - started) / 1000
  let batches = 0
  let images = 0
  let skippedFiles = 0
  for (let epoch = 0; batches < maxBatches && elapsed() < seconds; epoch++) {
    const stream = createBatchStream({
      samples,
      order: epochOrder(null, samples.count, undefined, options.seed ?? 1, epoch),
      batchSize: options.batchSize,
      inputSizes: [options.size],
      augmentation: options.augmentation,
      seed: options.seed ?? 1,
      epoch,
      concurrency: options.concurrency,
      prefetchBatches: options.prefetchBatches,
    })
    for await (const batch of stream) {
      batches++
      images += batch.count
      if (batches >= maxBatches || elapsed() >= seconds) break
    }
    skippedFiles += stream.skipped.count
    stream.close()
  }
  const total = elapsed()
  return { imagesPerSecond: images / total, batches, images, seconds: total, skippedFiles }
}
