import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'

/**
 * Runs tfjs-backend-wasm's threaded build (tfjs-backend-wasm-threaded-simd.wasm: XNNPACK on a pthreadpool)
 * under Node. Hand-written because the package (4.22) turns threads off under Node (its
 * WASM_HAS_MULTITHREAD_SUPPORT flag is false when IS_NODE, tfjs issue #3830): the emscripten module hands
 * its pthread workers two scripts as blob: URLs (the worker script through `URL.createObjectURL`, the
 * module's own source as a `Blob` posted to each worker), and Node's worker_threads cannot load blob: URLs.
 * Node 20 has everything else (SharedArrayBuffer, wasm threads, Blob cloning across workers).
 *
 * So, for the duration of `tf.setBackend('wasm')` only, we:
 *  - set the flag to true;
 *  - swap `globalThis.Blob` for a subclass that remembers its text, and `URL.createObjectURL` for one that
 *    writes a remembered blob to a file in a private temp folder and returns the file's path; the worker
 *    file gets a prologue that points its own `URL.createObjectURL` at the module file we wrote, and the
 *    module file one that defines the bundle-local names its source refers to (require$$N, commonjsGlobal);
 *  - make `os.cpus()` report 2 × threads entries: the C++ side sizes its pthreadpool once, when the module
 *    starts, as logical cores / 2 clamped to 1…4 (it assumes hyper-threading), and ignores setThreadsCount.
 * Afterwards everything is put back, the running pthreads are unref'd (they would keep the process alive)
 * and the pool's idle spare workers (emscripten preallocates 8) are terminated to free their memory.
 */

/** The largest pool the package's C++ side accepts (its clamp). */
export const maxWasmThreads = 4

/** Bundle-local names the threaded module's source uses (tf-backend-wasm.node.js, rollup's CJS interop). */
const modulePrologue =
  "var require$$0=require('fs'),require$$1=require('path'),require$$3=require('perf_hooks'),require$$4=require('os'),commonjsGlobal=globalThis;\n"

const moduleSourceStart = 'var WasmBackendModuleThreadedSimd'

type BlobArgs = ConstructorParameters<typeof Blob>

class TextBlob extends Blob {
  readonly text_: string
  constructor(...[parts = [], options]: BlobArgs) {
    super(parts, options)
    this.text_ = [...parts].every((part) => typeof part === 'string') ? [...parts].join('') : ''
  }
}

/** Emscripten's view of its pthread workers (the module object tfjs keeps as `backend.wasm`). */
interface PThreadPool {
  unusedWorkers: Array<{ terminate(): unknown }>
  runningWorkers: Array<{ unref(): void }>
}

/**
 * Calls `start` (which must run `tf.setBackend('wasm')`) with the threaded build enabled for `threads`
 * threads (2…4). Returns start's result; the patches are undone whatever happens.
 */
export async function withWasmThreads<T>(threads: number, start: () => Promise<T>): Promise<T> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'oiw-wasm-threads-'))
  const moduleFile = path.join(folder, 'tfjs-backend-wasm-threaded-simd.cjs')
  const workerFile = path.join(folder, 'tfjs-backend-wasm-threaded-simd.worker.cjs')
  const original = { Blob: globalThis.Blob, createObjectURL: URL.createObjectURL, cpus: os.cpus }
  globalThis.Blob = function ThreadBlob(...args: BlobArgs) {
    const blob = new TextBlob(...args)
    if (blob.text_.startsWith(moduleSourceStart)) fs.writeFileSync(moduleFile, modulePrologue + blob.text_)
    return blob
  } as unknown as typeof Blob
  URL.createObjectURL = (blob: Blob): string => {
    if (!(blob instanceof TextBlob)) return original.createObjectURL(blob)
    const prologue = `URL.createObjectURL=()=>${JSON.stringify(moduleFile)};URL.revokeObjectURL=()=>{};\n`
    fs.writeFileSync(workerFile, prologue + blob.text_)
    return workerFile
  }
  const cores = original.cpus()
  os.cpus = () => Array.from({ length: 2 * threads }, (_, i) => cores[i % cores.length] as os.CpuInfo)
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true)
  try {
    return await start()
  } finally {
    globalThis.Blob = original.Blob
    URL.createObjectURL = original.createObjectURL
    os.cpus = original.cpus
    releaseIdleWorkers()
    // Workers have read both files by now (they load before the module resolves); Linux keeps open files.
    fs.rmSync(folder, { recursive: true, force: true })
  }
}

/** Unrefs the running pthreads so they do not keep Node alive, and ends the unused preallocated workers. */
function releaseIdleWorkers(): void {
  if (tf.findBackend('wasm') === null) return
  const module = (tf.findBackend('wasm') as unknown as { wasm: { PThread?: PThreadPool } }).wasm
  const pool = module.PThread
  if (pool === undefined) return
  for (const worker of pool.runningWorkers) worker.unref()
  for (const worker of pool.unusedWorkers.splice(0)) void worker.terminate()
}
