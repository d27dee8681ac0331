import * as tf from '@tensorflow/tfjs'
import type { BackendChoice, BackendName } from '../../shared/training/protocol'
import { backendLoaders, type LoaderOptions } from './backend-loaders'

/**
 * Picks and activates the fastest tfjs backend present: TensorFlow with CUDA, TensorFlow on the CPU,
 * WebGPU, wasm, then plain cpu. Returns which one runs, why, and why each better one was skipped. Call it
 * once, before creating any tensor or variable (tensors live on the backend that was active when they were
 * made). With `prefer`, only that backend is tried and an Error says why it could not load. `wasmThreads`
 * sizes the wasm backend's thread pool (default: OIW_WASM_THREADS, else the cores, at most 4).
 */
export async function loadBackend(options: { prefer?: BackendName } & LoaderOptions = {}): Promise<BackendChoice> {
  const { prefer } = options
  const candidates = prefer === undefined ? backendLoaders : backendLoaders.filter((loader) => loader.name === prefer)
  if (candidates.length === 0) throw new Error(`Unknown backend '${String(prefer)}'`)
  const skipped: BackendChoice['skipped'] = []
  for (const { name, load } of candidates) {
    const result = await load(options)
    if (result.ok) {
      await tf.ready()
      return { name, reason: result.reason, skipped, threads: result.threads }
    }
    if (prefer !== undefined) throw new Error(`Backend '${prefer}' could not be loaded: ${result.reason}`)
    skipped.push({ name, reason: result.reason })
  }
  throw new Error(`No tfjs backend could be loaded: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`)
}
