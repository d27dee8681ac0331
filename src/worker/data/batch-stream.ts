import { cpus } from 'node:os'
import sharp from 'sharp'
import { hashSeed, mulberry32 } from '../../shared/prng'
import type { AugmentationLevel } from '../../shared/training/config'
import { cutMix } from './cut-mix'
import { loadImage } from './load-image'
import type { SampleSource } from './sample-source'

export interface BatchStreamOptions {
  samples: SampleSource
  /** The epoch's order (epochOrder), whole: batch b holds positions [b·batchSize, (b+1)·batchSize). */
  order: Uint32Array
  /** First batch to yield (resume mid-epoch); sizes and augmentations match an unbroken epoch. */
  startBatch?: number
  batchSize: number
  inputSizes: readonly number[]
  augmentation: AugmentationLevel
  /** Share of samples shown in a new context (load-image.ts; samples with `objects` only). Default 0. */
  context?: number
  /** Labels: share of a batch's images given a square of another of its images, targets mixed by area (cut-mix.ts). Default 0. */
  cutMix?: number
  seed: number
  epoch: number
  /** Batches decoding ahead of the consumer (default 3). */
  prefetchBatches?: number
  /** Images decoding in parallel (default: the CPU count); the stream hands sharp 8 per thread at once. */
  concurrency?: number
}

export interface Batch {
  index: number
  size: number
  count: number
  /** count × size × size × 3 RGB bytes (NHWC). */
  pixels: Uint8Array
  /** labels stage: count × classCount. */
  targets?: Float32Array
  /** boxes stage: count class indexes. */
  classIndexes?: Int32Array
  sampleIndexes: Uint32Array
}

export interface SkippedFiles {
  count: number
  /** The first few, with the error. */
  examples: string[]
}

export interface BatchStream extends AsyncIterable<Batch> {
  next(): Promise<IteratorResult<Batch>>
  readonly skipped: SkippedFiles
  readonly batchCount: number
  /** Stops prefetching; the iterator ends. */
  close(): void
}

/** Images queued on the thread pool per decoding thread: work for it while a training step blocks JS. */
const queuedPerThread = 8
/** Tries of the following samples before a batch slot is given up (all unreadable). */
const maxReplacements = 16
const maxExamples = 5

/** The input size of batch `index`: from the stage's sizes, by a PRNG of (seed, epoch, batch). */
export function batchInputSize(inputSizes: readonly number[], seed: number, epoch: number, index: number): number {
  return inputSizes[Math.floor(mulberry32(hashSeed('input-size', seed, epoch, index))() * inputSizes.length)]!
}

/**
 * A prefetching source of decoded batches. Keeps `prefetchBatches` batches decoding while the consumer
 * trains: sharp decodes on libuv's thread pool (sharp.concurrency(1), process-wide: one thread per
 * image, several images at once), and the stream keeps 8 images a thread queued there, so a training
 * step that blocks the JS thread does not starve the pool. The pool has UV_THREADPOOL_SIZE threads
 * (default 4): start the process with it set to `concurrency`. An unreadable
 * image is skipped: its slot takes the next sample of the order (so a batch stays full and deterministic)
 * and the file is counted in `skipped`. Deterministic for (order, seed, epoch): sample augmentations are
 * seeded by (seed, epoch, position in the order).
 */
export function createBatchStream(options: BatchStreamOptions): BatchStream {
  sharp.concurrency(1)
  const { samples, order, batchSize, inputSizes, augmentation, seed, epoch } = options
  const context = options.context ?? 0
  const cutMixShare = options.cutMix ?? 0
  const prefetch = Math.max(1, options.prefetchBatches ?? 3)
  const limit = createLimiter(Math.max(1, options.concurrency ?? cpus().length) * queuedPerThread)
  const batchCount = Math.ceil(order.length / batchSize)
  const skipped: SkippedFiles = { count: 0, examples: [] }
  const badSamples = new Set<number>()
  const pending = new Map<number, Promise<Batch>>()
  let nextToStart = options.startBatch ?? 0
  let nextToYield = nextToStart
  let closed = false

  const loadSlot = async (position: number): Promise<{ sample: number; pixels: Uint8Array } | null> => {
    for (let attempt = 0; attempt < maxReplacements && !closed; attempt++) {
      const sample = order[(position + attempt) % order.length]!
      if (badSamples.has(sample)) continue
      const { file, box, objects } = samples.pixelsOf(sample)
      try {
        const size = sizeOf(Math.floor(position / batchSize))
        const pixels = await limit(() => loadImage({ file, box, size, augmentation, ...(objects && context > 0 ? { objects, context } : {}), seed: hashSeed('augment', seed, epoch, position, attempt) }))
        return { sample, pixels }
      } catch (error) {
        if (closed) return null
        if (!badSamples.has(sample)) {
          badSamples.add(sample)
          skipped.count++
          if (skipped.examples.length < maxExamples) skipped.examples.push((error as Error).message)
        }
      }
    }
    return null
  }
  const sizeOf = (index: number): number => batchInputSize(inputSizes, seed, epoch, index)

  const buildBatch = async (index: number): Promise<Batch> => {
    const first = index * batchSize
    const slots = Math.min(batchSize, order.length - first)
    const loaded = await Promise.all(Array.from({ length: slots }, (_, slot) => loadSlot(first + slot)))
    const kept = loaded.filter((slot): slot is { sample: number; pixels: Uint8Array } => slot !== null)
    const size = sizeOf(index)
    const stride = size * size * 3
    const pixels = new Uint8Array(kept.length * stride)
    const sampleIndexes = new Uint32Array(kept.length)
    kept.forEach((slot, i) => {
      pixels.set(slot.pixels, i * stride)
      sampleIndexes[i] = slot.sample
    })
    const batch: Batch = { index, size, count: kept.length, pixels, sampleIndexes }
    if (samples.kind === 'labels') {
      batch.targets = new Float32Array(kept.length * samples.classCount)
      sampleIndexes.forEach((sample, i) => samples.targetsOf(sample, batch.targets!, i * samples.classCount))
      if (cutMixShare > 0) cutMix({ count: batch.count, size, pixels, targets: batch.targets, classCount: samples.classCount }, cutMixShare, mulberry32(hashSeed('cut-mix', seed, epoch, index)))
    } else {
      batch.classIndexes = Int32Array.from(sampleIndexes, (sample) => samples.classIndexOf(sample))
    }
    return batch
  }

  const fill = (): void => {
    while (!closed && nextToStart < batchCount && nextToStart < nextToYield + prefetch) {
      const promise = buildBatch(nextToStart)
      promise.catch(() => {}) // surfaced by next()
      pending.set(nextToStart++, promise)
    }
  }

  const stream: BatchStream = {
    skipped,
    batchCount,
    async next() {
      fill()
      if (closed || nextToYield >= batchCount) return { done: true, value: undefined }
      const index = nextToYield++
      const batch = await pending.get(index)!
      if (closed) return { done: true, value: undefined }
      pending.delete(index)
      fill()
      return closed ? { done: true, value: undefined } : { done: false, value: batch }
    },
    close() {
      closed = true
      pending.clear()
      limit.clear()
    },
    [Symbol.asyncIterator]() {
      return { next: () => stream.next(), return: async () => (stream.close(), { done: true, value: undefined }) }
    },
  }
  return stream
}

interface Limiter {
  <T>(task: () => Promise<T>): Promise<T>
  /** Rejects the tasks not yet started. */
  clear(): void
}

/** Runs at most `max` tasks at once, first come first served (earlier batches finish first). */
function createLimiter(max: number): Limiter {
  let running = 0
  const queue: Array<{ start: () => void; cancel: () => void }> = []
  const limit = (<T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        running++
        task()
          .then(resolve, reject)
          .finally(() => {
            running--
            queue.shift()?.start()
          })
      }
      if (running < max) start()
      else queue.push({ start, cancel: () => reject(new Error('batch stream closed')) })
    })) as Limiter
  limit.clear = () => queue.splice(0).forEach((task) => task.cancel())
  return limit
}
