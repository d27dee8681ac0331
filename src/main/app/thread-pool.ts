import { availableParallelism } from 'node:os'

/**
 * libuv's thread pool (file reads and sharp's image work) has 4 threads unless told otherwise; on a
 * machine with more cores, thumbnails and reads would queue behind 4. Must run before the pool is
 * first used, so each entry imports this first.
 */
if (process.env.UV_THREADPOOL_SIZE === undefined) {
  process.env.UV_THREADPOOL_SIZE = String(Math.min(64, Math.max(4, availableParallelism())))
}
