import * as tf from '@tensorflow/tfjs'
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'

/**
 * Small helpers for kernels written against the wasm backend: they call the backend's own (XNNPACK) kernels
 * on tensor infos and read and write the wasm heap directly, so a custom kernel makes no per-element tf ops.
 *
 * A heap view (`floatView`) is detached whenever the wasm memory grows, which any allocation may cause: take
 * views only after the last `makeOutput` or kernel call that precedes their use.
 */

/** The wasm backend as our kernels see it (the package's own class). */
export type WasmBackend = BackendWasm

/** Attributes as tfjs passes them to kernels. */
export type KernelAttrs = tf.NamedAttrMap

/** Runs another kernel registered for the wasm backend on tensor infos (no engine bookkeeping, no tape). */
export function runWasmKernel(
  name: string,
  inputs: Record<string, tf.TensorInfo>,
  attrs: KernelAttrs,
  backend: WasmBackend,
): tf.TensorInfo {
  const kernel = tf.getKernel(name, 'wasm')
  if (kernel === undefined) throw new Error(`Kernel '${name}' is not registered for the wasm backend`)
  const out = kernel.kernelFunc({ inputs, attrs, backend })
  if (Array.isArray(out)) throw new Error(`Kernel '${name}' returned several outputs; one was expected`)
  return out
}

/** A float32 view of a tensor's data on the wasm heap (see the note above about detaching). */
export function floatView(backend: WasmBackend, info: tf.TensorInfo): Float32Array {
  const view = backend.typedArrayFromHeap(info)
  if (!(view instanceof Float32Array)) throw new Error(`Expected a float32 tensor, got ${info.dtype}`)
  return view
}

/** Frees kernel temporaries made with `makeOutput` or returned by `runWasmKernel`. */
export function freeAll(backend: WasmBackend, infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId)
}

/**
 * A tensor info of `shape` that aliases another tensor's heap memory from `offset` floats into it,
 * so a kernel can read a shifted or sliced view without a copy. The alias owns nothing: release it with
 * `freeAlias`, never `freeAll` (which would free the memory under the tensor it aliases).
 */
export function aliasFloats(backend: WasmBackend, of: tf.TensorInfo, offset: number, shape: number[]): tf.TensorInfo {
  return backend.makeOutput(shape, 'float32', backend.getMemoryOffset(of.dataId) + 4 * offset)
}

/** Forgets aliases made with `aliasFloats` without freeing the memory they point into. */
export function freeAlias(backend: WasmBackend, infos: tf.TensorInfo[]): void {
  for (const info of infos) {
    const data = backend.dataIdMap.get(info.dataId)
    if (data === undefined) continue
    backend.wasm.tfjs.disposeData(data.id)
    backend.dataIdMap.delete(info.dataId)
  }
}
