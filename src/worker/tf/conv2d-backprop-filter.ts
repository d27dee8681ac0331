import * as tf from '@tensorflow/tfjs'
import { convGeometry, type ConvGeometry } from './conv-geometry'
import { floatView, freeAll, runWasmKernel, type KernelAttrs, type WasmBackend } from './wasm-heap'

/**
 * Conv2DBackpropFilter for the wasm backend, which has none (tfjs-backend-wasm 4.22): the filter gradient of
 * an NHWC convolution, computed as one forward convolution on the backend's XNNPACK Conv2D.
 *
 * The identity: dW[kh,kw,c,o] = Σ_{n,oh,ow} x[n, oh·s + kh·d − pad, ow·s + kw·d − pad, c] · dy[n,oh,ow,o]
 * is a convolution of x' = x as [C, H, W, N] (channels become the batch, the batch becomes the channels)
 * with dy' = dy as [OH, OW, N, O] as the filter, stride d and dilation s (the forward pass's swapped), whose
 * output [C, KH, KW, O] is dW with its first axis moved. The rows and columns of x the forward pass never
 * read (the remainder of a strided 'valid' convolution) are cropped while transposing, and the missing
 * bottom/right padding is added explicitly, so the convolution's output is exactly KH × KW.
 */
export function conv2DBackpropFilterWasm(args: {
  inputs: { x: tf.TensorInfo; dy: tf.TensorInfo }
  attrs: KernelAttrs
  backend: WasmBackend
}): tf.TensorInfo {
  const { inputs, attrs, backend } = args
  const filterShape = attrs.filterShape as number[]
  const g = convGeometry(inputs.x.shape, filterShape, attrs)
  // The padded extent the forward pass reads, from its first row (at −padTop) to its last.
  const extentH = (g.filterHeight - 1) * g.dilationHeight + (g.outHeight - 1) * g.strideHeight + 1
  const extentW = (g.filterWidth - 1) * g.dilationWidth + (g.outWidth - 1) * g.strideWidth + 1
  const keptH = Math.min(g.inHeight, extentH - g.padTop)
  const keptW = Math.min(g.inWidth, extentW - g.padLeft)
  if (keptH <= 0 || keptW <= 0) throw new Error('Conv2DBackpropFilter: the convolution reads no input pixels')

  const xT = backend.makeOutput([g.inChannels, keptH, keptW, g.batch], 'float32')
  const dyT = backend.makeOutput([g.outHeight, g.outWidth, g.batch, g.outChannels], 'float32')
  transposeInput(floatView(backend, inputs.x), floatView(backend, xT), g, keptH, keptW)
  moveBatchInward(floatView(backend, inputs.dy), floatView(backend, dyT), g)

  const padding = [
    [0, 0],
    [g.padTop, extentH - g.padTop - keptH],
    [g.padLeft, extentW - g.padLeft - keptW],
    [0, 0],
  ]
  const convAttrs = {
    strides: [g.dilationHeight, g.dilationWidth],
    dilations: [g.strideHeight, g.strideWidth],
    pad: padding,
    dataFormat: 'NHWC',
  }
  const conv = runWasmKernel('Conv2D', { x: xT, filter: dyT }, convAttrs, backend)
  const dw = backend.makeOutput(filterShape, 'float32')
  moveFirstAxisToThird(floatView(backend, conv), floatView(backend, dw), g)
  freeAll(backend, [xT, dyT, conv])
  return dw
}

/** x [N, H, W, C] → x' [C, keptH, keptW, N], dropping rows/columns past keptH/keptW. */
function transposeInput(src: Float32Array, dst: Float32Array, g: ConvGeometry, keptH: number, keptW: number): void {
  const { batch, inHeight, inWidth, inChannels } = g
  const channelStride = keptH * keptW * batch
  for (let n = 0; n < batch; n++) {
    for (let h = 0; h < keptH; h++) {
      let s = ((n * inHeight + h) * inWidth) * inChannels
      let d = h * keptW * batch + n
      for (let w = 0; w < keptW; w++) {
        let o = d
        for (let c = 0; c < inChannels; c++) {
          dst[o] = src[s + c] as number
          o += channelStride
        }
        s += inChannels
        d += batch
      }
    }
  }
}

/** dy [N, OH, OW, O] → dy' [OH, OW, N, O] (rows of O floats move as blocks). */
function moveBatchInward(src: Float32Array, dst: Float32Array, g: ConvGeometry): void {
  const { batch, outHeight, outWidth, outChannels } = g
  const pixels = outHeight * outWidth
  for (let n = 0; n < batch; n++) {
    for (let p = 0; p < pixels; p++) {
      const s = (n * pixels + p) * outChannels
      dst.set(src.subarray(s, s + outChannels), (p * batch + n) * outChannels)
    }
  }
}

/** conv [C, KH, KW, O] → dW [KH, KW, C, O]. */
function moveFirstAxisToThird(src: Float32Array, dst: Float32Array, g: ConvGeometry): void {
  const { inChannels, filterHeight, filterWidth, outChannels } = g
  const taps = filterHeight * filterWidth
  for (let c = 0; c < inChannels; c++) {
    for (let t = 0; t < taps; t++) {
      const s = (c * taps + t) * outChannels
      dst.set(src.subarray(s, s + outChannels), (t * inChannels + c) * outChannels)
    }
  }
}
