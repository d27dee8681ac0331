import { availableParallelism } from 'node:os'
import sharp from 'sharp'
import { ApiError } from '../../../shared/errors'

/**
 * Each thumbnail is one small decode: libvips threads per image only add contention, so sharp gets
 * one thread per image and the parallelism comes from running one image per core at once (libuv's
 * pool has 4 threads by default, enough for that on up to 4 cores; the CLI raises it on bigger ones).
 */
sharp.concurrency(1)
const running = { count: 0 }
const limit = Math.max(2, availableParallelism())
const waiting: Array<() => void> = []

/**
 * Runs a thumbnail job when a slot is free; at most one per core run at once, the rest wait in order.
 * A job whose request was abandoned (the tile scrolled out of view) is dropped before it starts.
 */
export async function inThumbnailSlot<T>(signal: AbortSignal | undefined, job: () => Promise<T>): Promise<T> {
  if (running.count >= limit) await new Promise<void>((resume) => waiting.push(resume))
  running.count++
  try {
    if (signal?.aborted) throw new ApiError('cancelled', 'the request was abandoned')
    return await job()
  } finally {
    running.count--
    waiting.shift()?.()
  }
}
