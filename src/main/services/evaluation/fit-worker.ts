import { parentPort } from 'node:worker_threads'
import { ApiError } from '../../../shared/errors'
import type { FitOptions, ImageScores, ImageTruth } from '../../../shared/metric/thresholds'
import { fitPolicy } from './fit-policy'

/**
 * The threshold fitter's thread (out/main/fit-worker.js): fitting with cross-validation takes seconds (about
 * 6 fits over the tuning images), so the process serving the app hands it here and stays responsive.
 */
export interface FitRequest {
  id: number
  scores: ImageScores
  truth: ImageTruth
  fit: FitOptions
  setName: string
}

parentPort!.on('message', (request: FitRequest) => {
  try {
    parentPort!.postMessage({ id: request.id, policy: fitPolicy(request.scores, request.truth, request.fit, request.setName) })
  } catch (error) {
    const payload = error instanceof ApiError ? error.toPayload() : { code: 'internal', message: error instanceof Error ? error.message : String(error) }
    parentPort!.postMessage({ id: request.id, error: payload })
  }
})
