import { existsSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { ApiError, type ErrorPayload } from '../../../shared/errors'
import type { FitOptions, ImageScores, ImageTruth } from '../../../shared/metric/thresholds'
import { fitWorkerScript } from '../../resources'
import type { FittedPolicy } from './fit-policy'
import type { FitRequest } from './fit-worker'

type FitReply = { id: number; policy: FittedPolicy } | { id: number; error: ErrorPayload }

/**
 * Fits thresholds on a worker thread (out/main/fit-worker.js), one request at a time in arrival order;
 * the thread starts on first use and is unref'd so it never keeps the process alive.
 */
export class FitThread {
  private worker: Worker | null = null
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (policy: FittedPolicy) => void; reject: (error: Error) => void }>()

  fit(scores: ImageScores, truth: ImageTruth, fit: FitOptions, setName: string): Promise<FittedPolicy> {
    const worker = this.start()
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      worker.postMessage({ id, scores, truth, fit, setName } satisfies FitRequest)
    })
  }

  dispose(): void {
    void this.worker?.terminate()
    this.worker = null
  }

  private start(): Worker {
    if (this.worker) return this.worker
    const script = fitWorkerScript()
    if (!existsSync(script)) throw new ApiError('internal', `the threshold fitter is not built (${script} is missing): run npm run build`)
    const worker = new Worker(script)
    worker.unref()
    worker.on('message', (reply: FitReply) => {
      const waiting = this.pending.get(reply.id)
      this.pending.delete(reply.id)
      if (!waiting) return
      if ('policy' in reply) waiting.resolve(reply.policy)
      else waiting.reject(new ApiError(reply.error.code, reply.error.message, reply.error.where))
    })
    worker.on('error', (error) => this.failAll(error))
    worker.on('exit', () => {
      this.worker = null
      this.failAll(new ApiError('internal', 'the threshold fitter stopped'))
    })
    this.worker = worker
    return worker
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error instanceof ApiError ? error : new ApiError('internal', error.message))
    this.pending.clear()
  }
}
