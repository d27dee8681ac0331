import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import type { BackendName } from '../../shared/training/protocol'
import { registerWasmGradientKernels } from './wasm-kernels'
import { maxWasmThreads, withWasmThreads } from './wasm-threads'
import { probeWebGpu } from './webgpu-probe'

/**
 * One loader per backend. Each either activates its backend (tf.setBackend resolved true) and says why it
 * was chosen, or returns the one-line reason it could not. Packages that may be absent are required lazily
 * through `createRequire`, which works both in the CJS bundle electron-vite writes (out/main/*.js, the
 * packages externalized) and when vitest runs this file from source.
 */

export type LoadResult = { ok: true; reason: string; threads: number } | { ok: false; reason: string }

/** What a caller may ask of a loader; only wasm reads it. */
export interface LoaderOptions {
  /** Threads for the wasm backend's XNNPACK pool; 1 runs the single-threaded build. */
  wasmThreads?: number
}

export type BackendLoader = (options: LoaderOptions) => Promise<LoadResult>

// `__filename` exists in the CJS bundle and under vitest; cwd is only a last resort.
const requireHere = createRequire(typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js'))

/** The error's first line, for one-line reasons. */
function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
}

function isMissing(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'MODULE_NOT_FOUND' && firstLine(error).includes(`'${packageName}'`)
}

async function activate(name: string): Promise<boolean> {
  try {
    return (await tf.setBackend(name)) && tf.getBackend() === name
  } catch {
    return false
  }
}

/** The TensorFlow C library via a tfjs-node package; both register the backend named 'tensorflow'. */
function tensorflowLoader(packageName: string, missingReason: string, label: string): BackendLoader {
  return async () => {
    try {
      requireHere(packageName)
    } catch (error) {
      if (isMissing(error, packageName)) return { ok: false, reason: missingReason }
      return { ok: false, reason: `${packageName} is installed but failed to load: ${firstLine(error)}` }
    }
    if (!(await activate('tensorflow'))) return { ok: false, reason: `${packageName} loaded but its backend did not start` }
    const threads = os.cpus().length
    return { ok: true, reason: `${label} (libtensorflow, ${threads} threads)`, threads }
  }
}

const tensorflowGpu = tensorflowLoader(
  '@tensorflow/tfjs-node-gpu',
  '@tensorflow/tfjs-node-gpu is not installed (optional dependency: needs CUDA and a libtensorflow download)',
  'TensorFlow with CUDA',
)

const tensorflowCpu = tensorflowLoader(
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node is not installed (needs a libtensorflow download at install time)',
  'TensorFlow on the CPU',
)

interface DawnModule {
  create(options: string[]): { requestAdapter(): Promise<unknown> }
  globals: Record<string, unknown>
}

/**
 * WebGPU through Dawn (the `webgpu` package), only when Dawn finds a GPU adapter. Dawn is asked first in a
 * child process (webgpu-probe.ts), so a machine without a GPU gets Dawn's reason in the backend line and
 * none of its warnings on the terminal; it is loaded here only when an adapter exists.
 */
const webgpu: BackendLoader = async () => {
  let modulePath: string
  try {
    modulePath = requireHere.resolve('webgpu')
  } catch (error) {
    return { ok: false, reason: `WebGPU: the webgpu package failed to load: ${firstLine(error)}` }
  }
  const probe = await probeWebGpu(modulePath)
  if (!probe.adapter) return { ok: false, reason: `WebGPU: ${probe.reason}` }
  let dawn: DawnModule
  try {
    dawn = requireHere('webgpu') as DawnModule
  } catch (error) {
    return { ok: false, reason: `WebGPU: the webgpu package failed to load: ${firstLine(error)}` }
  }
  let gpu: ReturnType<DawnModule['create']>
  try {
    gpu = dawn.create([])
    if ((await gpu.requestAdapter()) == null) return { ok: false, reason: 'WebGPU: no GPU adapter (Dawn found none in this process)' }
  } catch (error) {
    return { ok: false, reason: `WebGPU: Dawn failed: ${firstLine(error)}` }
  }
  Object.assign(globalThis, dawn.globals)
  const scope = globalThis as { navigator?: object }
  if (scope.navigator === undefined) scope.navigator = { gpu }
  else Object.defineProperty(scope.navigator, 'gpu', { value: gpu, configurable: true })
  try {
    // Registers the 'webgpu' backend only if navigator.gpu exists when it loads, hence after the above.
    requireHere('@tensorflow/tfjs-backend-webgpu')
  } catch (error) {
    return { ok: false, reason: `WebGPU: @tensorflow/tfjs-backend-webgpu failed to load: ${firstLine(error)}` }
  }
  if (!(await activate('webgpu'))) return { ok: false, reason: 'WebGPU: an adapter exists but the tfjs backend did not start' }
  return { ok: true, reason: 'WebGPU on the GPU through Dawn', threads: 1 }
}

interface WasmModule {
  setWasmPaths(prefix: string): void
  getThreadsCount(): number
}

/**
 * XNNPACK in WebAssembly, with our gradient kernels (Conv2DBackpropFilter is missing from the package), on
 * `options.wasmThreads` threads (default: the cores, at most 4) through the threaded build (wasm-threads.ts).
 */
const wasm: BackendLoader = async (options) => {
  let module: WasmModule
  try {
    module = requireHere('@tensorflow/tfjs-backend-wasm') as WasmModule
    // The .wasm binaries sit beside the package's main file; say so explicitly in case the package is ever
    // bundled (its own lookup uses __dirname, which would then be out/main).
    if (tf.findBackend('wasm') === null) {
      module.setWasmPaths(path.dirname(requireHere.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep)
    }
  } catch (error) {
    return { ok: false, reason: `@tensorflow/tfjs-backend-wasm failed to load: ${firstLine(error)}` }
  }
  const wanted = Math.min(maxWasmThreads, Math.max(1, Math.floor(options.wasmThreads ?? defaultWasmThreads())))
  // Threads are chosen when the module starts: once it runs, the count it has is the count we report.
  const started = tf.findBackend('wasm') !== null || wanted === 1 ? await activate('wasm') : await withWasmThreads(wanted, () => activate('wasm'))
  if (!started) return { ok: false, reason: 'wasm: the backend did not start (are the .wasm files missing?)' }
  registerWasmGradientKernels()
  const threads = Math.max(1, module.getThreadsCount())
  const note = threads === 1 ? 'single-threaded' : `${threads} threads`
  return { ok: true, reason: `WebAssembly with SIMD (XNNPACK), ${note}`, threads }
}

/** OIW_WASM_THREADS if set, else the cores this process may use (the wasm loader caps it at maxWasmThreads). */
export function defaultWasmThreads(): number {
  const fromEnv = Number(process.env.OIW_WASM_THREADS)
  return Number.isInteger(fromEnv) && fromEnv >= 1 ? fromEnv : os.availableParallelism()
}

const cpu: BackendLoader = async () => {
  if (!(await activate('cpu'))) return { ok: false, reason: 'cpu: the backend did not start' }
  return { ok: true, reason: 'plain JavaScript (slowest; convolution gradients are very slow)', threads: 1 }
}

/** The loaders from best to worst, the order `loadBackend` tries them in. */
export const backendLoaders: ReadonlyArray<{ name: BackendName; load: BackendLoader }> = [
  { name: 'tensorflow-gpu', load: tensorflowGpu },
  { name: 'tensorflow', load: tensorflowCpu },
  { name: 'webgpu', load: webgpu },
  { name: 'wasm', load: wasm },
  { name: 'cpu', load: cpu },
]
