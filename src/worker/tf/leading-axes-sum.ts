import * as tf from '@tensorflow/tfjs'
import { floatView, type KernelAttrs, type WasmBackend } from './wasm-heap'

type KernelFunc = tf.KernelConfig['kernelFunc']

/**
 * Sum and Mean on the wasm backend for float32 reductions over leading axes (batch norm's statistics and its
 * gradient's: NHWC over [0, 1, 2]), as one pass over the rows with the channels in the inner loop.
 *
 * Hand-written because the package's kernels first transpose the reduced axes innermost (a full copy of the
 * activation at ~4.5 ns a float) and then sum, single-threaded: ~440 ms of a ResNet-18 step. Every other
 * case (other axes, other dtypes) goes to the package's kernel, passed in as `fallback`.
 */
export function leadingAxesReduction(kind: 'Sum' | 'Mean', fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as unknown as {
      inputs: { x: tf.TensorInfo }
      attrs: KernelAttrs
      backend: WasmBackend
    }
    const x = inputs.x
    const rank = x.shape.length
    const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape).sort((a, b) => a - b)
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i)
    if (x.dtype !== 'float32' || !leading) return fallback(args)
    const inner = x.shape.slice(axes.length).reduce((a, b) => a * b, 1)
    const rows = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1)
    const outShape = attrs.keepDims === true ? x.shape.map((d, i) => (i < axes.length ? 1 : d)) : x.shape.slice(axes.length)
    const out = backend.makeOutput(outShape, 'float32')
    const src = floatView(backend, x)
    const acc = new Float64Array(inner)
    for (let r = 0; r < rows; r++) {
      const base = r * inner
      for (let j = 0; j < inner; j++) acc[j] = (acc[j] as number) + (src[base + j] as number)
    }
    const dst = floatView(backend, out)
    const scale = kind === 'Mean' ? 1 / rows : 1
    for (let j = 0; j < inner; j++) dst[j] = (acc[j] as number) * scale
    return out
  }
}
