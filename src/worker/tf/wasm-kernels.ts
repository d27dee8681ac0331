import * as tf from '@tensorflow/tfjs'
import { conv2DBackpropFilterWasm } from './conv2d-backprop-filter'
import { conv2DBackpropInputWasm } from './conv2d-backprop-input'
import { leadingAxesReduction } from './leading-axes-sum'
import { maxPoolGradWasm } from './max-pool-grad'

type KernelFunc = tf.KernelConfig['kernelFunc']

/*
 * Ours replace or add to the package's kernels where they beat them; per-layer figures (ResNet-18, 128 px,
 * batch 32, GFLOP/s and ms per step) are in docs/training-speed.md, from tests/worker/tf/resnet-layer-speed.test.ts:
 *
 *   Conv2DBackpropFilter  one XNNPACK GEMM per kernel tap (conv2d-backprop-filter-taps.ts); the package has none
 *   Conv2DBackpropInput   stride 1: one flipped conv; stride 2+: one conv per stride phase (…-input-phases.ts).
 *                         The package's took 152–302 ms where ours take 22–51 on [8,32,32,64]-sized shapes.
 *   MaxPoolGrad           ~70 against ~300 ms a step (max-pool-grad.ts)
 *   Sum, Mean             over leading axes only, without the package's transpose (leading-axes-sum.ts)
 */

let builtinBackpropInput: tf.KernelConfig | undefined
const builtinReductions: Partial<Record<'Sum' | 'Mean', tf.KernelConfig>> = {}

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
 * conv filters could not be trained), and our Conv2DBackpropInput, MaxPoolGrad and leading-axes Sum / Mean,
 * which beat the package's (`max-pool-grad.ts`, `leading-axes-sum.ts`). Idempotent.
 * Call it after the wasm backend is initialized (`loadBackend` does): tfjs runs a kernel's setup only for
 * kernels registered when the backend starts, and the package's kernel we keep as a fallback needs its setup.
 */
export function registerWasmGradientKernels(): void {
  if (tf.findBackend('wasm') === null) throw new Error('Initialize the wasm backend before registering our kernels')
  builtinBackpropInput ??= tf.getKernel('Conv2DBackpropInput', 'wasm')
  replaceWasmKernel('Conv2DBackpropFilter', conv2DBackpropFilterWasm as unknown as KernelFunc)
  replaceWasmKernel('Conv2DBackpropInput', conv2DBackpropInputWasm as unknown as KernelFunc)
  replaceWasmKernel('MaxPoolGrad', maxPoolGradWasm as unknown as KernelFunc)
  for (const kind of ['Sum', 'Mean'] as const) {
    const builtin = (builtinReductions[kind] ??= tf.getKernel(kind, 'wasm'))
    if (builtin !== undefined) replaceWasmKernel(kind, leadingAxesReduction(kind, builtin.kernelFunc))
  }
}
