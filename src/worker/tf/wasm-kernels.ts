import * as tf from '@tensorflow/tfjs'
import { conv2DBackpropFilterWasm } from './conv2d-backprop-filter'
import { conv2DBackpropInputWasm } from './conv2d-backprop-input'

type KernelFunc = tf.KernelConfig['kernelFunc']

/*
 * Measured (tests/worker/tf/backprop-speed.test.ts, OIW_BENCH=1; Node 20, wasm SIMD single-threaded, one
 * core of this 2-core machine; ms per call; 'same' padding, dy from the forward conv):
 *
 *   shape (x, kernel, stride → out ch)   filter: ours    cpu       input: ours          built-in   cpu
 *   [8,32,32,64]  k3 s1 → 64                     44     246 885          24 (conv path)      279     854
 *   [8,32,32,64]  k3 s2 → 128                    24     137 518          22 (columns)        152     420
 *   [8,32,32,64]  k1 s2 → 128                     7.7    12 317           2.0 (columns)       19      69
 *   [8,128,128,3] k7 s2 → 64                     68     186 625          51 (columns)       302     927
 *
 * (The columns path at stride 1: 43 ms, so stride 1 takes the conv path.) Ours beats the package's
 * Conv2DBackpropInput on every shape, so it replaces it everywhere; the package's is kept for comparison.
 */

let builtinBackpropInput: tf.KernelConfig | undefined

/** The wasm package's own Conv2DBackpropInput, kept aside when ours replaces it (benchmarks, tests). */
export function builtinWasmBackpropInput(): tf.KernelConfig | undefined {
  return builtinBackpropInput ?? tf.getKernel('Conv2DBackpropInput', 'wasm')
}

/** Registers a kernel for the wasm backend, replacing any registered one (so calling twice is harmless). */
export function replaceWasmKernel(kernelName: string, kernelFunc: KernelFunc): void {
  if (tf.getKernel(kernelName, 'wasm') !== undefined) tf.unregisterKernel(kernelName, 'wasm')
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc })
}

/**
 * Registers our gradient kernels for the wasm backend: Conv2DBackpropFilter (missing from the package, so
 * conv filters could not be trained) and our Conv2DBackpropInput where it beats the package's. Idempotent.
 * Call it after the wasm backend is initialized (`loadBackend` does): tfjs runs a kernel's setup only for
 * kernels registered when the backend starts, and the package's kernel we keep as a fallback needs its setup.
 */
export function registerWasmGradientKernels(): void {
  if (tf.findBackend('wasm') === null) throw new Error('Initialize the wasm backend before registering our kernels')
  builtinBackpropInput ??= tf.getKernel('Conv2DBackpropInput', 'wasm')
  replaceWasmKernel('Conv2DBackpropFilter', conv2DBackpropFilterWasm as unknown as KernelFunc)
  replaceWasmKernel('Conv2DBackpropInput', conv2DBackpropInputWasm as unknown as KernelFunc)
}
