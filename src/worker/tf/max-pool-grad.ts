import * as tf from '@tensorflow/tfjs'
import { floatView, type KernelAttrs, type WasmBackend } from './wasm-heap'

/**
 * MaxPoolGrad for the wasm backend: each output's gradient goes to the first strictly largest input of its
 * window (row-major, padding skipped), as on the cpu backend; a window with no finite maximum passes none.
 *
 * Hand-written because the package's C++ kernel took ~300 ms of every ResNet-18 step (128 px, batch 32: the
 * stem's 3 × 3 stride-2 pool). This one knows each window's maximum (the pool's output, an input of the
 * kernel) and stops at its first occurrence, which is the first strictly largest input: ~70 ms a step.
 */
export function maxPoolGradWasm(args: {
  inputs: { dy: tf.TensorInfo; input: tf.TensorInfo; output: tf.TensorInfo }
  attrs: KernelAttrs
  backend: WasmBackend
}): tf.TensorInfo {
  const { inputs, attrs, backend } = args
  const info = tf.backend_util.computePool2DInfo(
    inputs.input.shape as [number, number, number, number],
    attrs.filterSize as [number, number] | number,
    attrs.strides as [number, number] | number,
    1,
    attrs.pad as 'valid' | 'same' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  )
  const dxInfo = backend.makeOutput(inputs.input.shape, 'float32')
  const x = floatView(backend, inputs.input)
  const dy = floatView(backend, inputs.dy)
  const dx = floatView(backend, dxInfo)
  dx.fill(0)
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info
  const y = floatView(backend, inputs.output)
  let o = 0
  for (let b = 0; b < batchSize; b++) {
    for (let yr = 0; yr < OH; yr++) {
      const r0 = yr * sh - info.padInfo.top
      const rLo = Math.max(0, r0)
      const rHi = Math.min(H, r0 + fh)
      for (let yc = 0; yc < OW; yc++) {
        const c0 = yc * sw - info.padInfo.left
        const cLo = Math.max(0, c0)
        const cHi = Math.min(W, c0 + fw)
        for (let d = 0; d < C; d++, o++) {
          const max = y[o] as number
          // A window whose maximum is −∞ or NaN passes no gradient (as on the cpu backend).
          if (!(max > -Infinity)) continue
          search: for (let r = rLo; r < rHi; r++) {
            for (let c = cLo; c < cHi; c++) {
              const at = ((b * H + r) * W + c) * C + d
              if (x[at] === max) {
                dx[at] = (dx[at] as number) + (dy[o] as number)
                break search
              }
            }
          }
        }
      }
    }
  }
  return dxInfo
}
