import * as tf from '@tensorflow/tfjs'
import { backpropFilterByTaps } from './conv2d-backprop-filter-taps'
import { convGeometry } from './conv-geometry'
import type { KernelAttrs, WasmBackend } from './wasm-heap'

/**
 * Conv2DBackpropFilter for the wasm backend, which has none (tfjs-backend-wasm 4.22): the filter gradient of
 * an NHWC convolution, as one XNNPACK matrix product per kernel tap (`conv2d-backprop-filter-taps.ts`).
 *
 * It replaced a single forward convolution that treated the batch as channels (x as [C, H, W, N], dy as the
 * filter): that gave XNNPACK's indirect GEMM few output channels per tap and ran at 11–19 GFLOP/s on
 * ResNet-18, where the per-tap products run at 20–23 (see docs/training-speed.md).
 */
export function conv2DBackpropFilterWasm(args: {
  inputs: { x: tf.TensorInfo; dy: tf.TensorInfo }
  attrs: KernelAttrs
  backend: WasmBackend
}): tf.TensorInfo {
  const { inputs, attrs, backend } = args
  const filterShape = attrs.filterShape as number[]
  const g = convGeometry(inputs.x.shape, filterShape, attrs)
  return backpropFilterByTaps(inputs.x, inputs.dy, filterShape, g, backend)
}
