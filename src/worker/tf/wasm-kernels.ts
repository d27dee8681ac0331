import * as tf from '@tensorflow/tfjs'
import {
  batchMomentsKernel,
  batchMomentsWasm,
  batchNormApplyKernel,
  batchNormApplyWasm,
  batchNormGradKernel,
  batchNormGradWasm,
} from './batch-norm-kernels'
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
 *   Identity, Cast        share the input's memory (reference counted) instead of copying it (same dtype only)
 *   OiwBatchMoments, OiwBatchNormApply, OiwBatchNormGrad   batch norm's training passes in wasm SIMD (batch-norm-kernels.ts, simd-loops.ts; ~560 → ~62 ms a step),
 *                         used by batch-norm.ts when they are registered for the running backend
 */

let builtinBackpropInput: tf.KernelConfig | undefined
let builtinCast: tf.KernelConfig | undefined

/**
 * Identity (and Cast to the same dtype) sharing the input's memory, as the cpu backend does, rather than the
 * package's copy: tfjs clones every tensor a gradient saves (each conv's input, each batch norm's x), ~50 ms
 * of copies a ResNet-18 step. Tensors are immutable and the wasm backend counts references per data id
 * (its Reshape shares memory the same way), so the shared buffer is freed with its last tensor.
 */
function sharedIdentity(args: Parameters<KernelFunc>[0]): tf.TensorInfo {
  const x = (args.inputs as { x: tf.TensorInfo }).x
  const backend = args.backend as unknown as { incRef(dataId: object): void }
  backend.incRef(x.dataId)
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype }
}
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
  replaceWasmKernel('Identity', sharedIdentity as unknown as KernelFunc)
  const cast = (builtinCast ??= tf.getKernel('Cast', 'wasm'))
  if (cast !== undefined) {
    replaceWasmKernel('Cast', (args) => {
      const x = (args.inputs as { x: tf.TensorInfo }).x
      return x.dtype !== 'string' && args.attrs?.dtype === x.dtype ? sharedIdentity(args) : cast.kernelFunc(args)
    })
  }
  replaceWasmKernel(batchMomentsKernel, batchMomentsWasm as unknown as KernelFunc)
  // the statistics carry no gradient (batch-norm.ts's closed form accounts for them), but tfjs needs one to
  // walk past the kernel when something differentiates them (zeros, as the tf-op path gives)
  if (tf.getGradient(batchMomentsKernel) === undefined) {
    tf.registerGradient({
      kernelName: batchMomentsKernel,
      inputsToSave: ['x'],
      gradFunc: (_dy, saved) => ({ x: () => tf.zerosLike(saved[0] as tf.Tensor) }),
    })
  }
  replaceWasmKernel(batchNormApplyKernel, batchNormApplyWasm as unknown as KernelFunc)
  replaceWasmKernel(batchNormGradKernel, batchNormGradWasm as unknown as KernelFunc)
  for (const kind of ['Sum', 'Mean'] as const) {
    const builtin = (builtinReductions[kind] ??= tf.getKernel(kind, 'wasm'))
    if (builtin !== undefined) replaceWasmKernel(kind, leadingAxesReduction(kind, builtin.kernelFunc))
  }
}
