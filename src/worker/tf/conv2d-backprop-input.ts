import * as tf from '@tensorflow/tfjs'
import { backpropInputByPhases } from './conv2d-backprop-input-phases'
import { transposeInto } from './transpose'
import { convGeometry, type ConvGeometry } from './conv-geometry'
import { floatView, freeAll, runWasmKernel, type KernelAttrs, type WasmBackend } from './wasm-heap'

/** A Conv2DBackpropInput kernel's arguments on the wasm backend. */
export interface BackpropInputArgs {
  inputs: { dy: tf.TensorInfo; filter: tf.TensorInfo }
  attrs: KernelAttrs
  backend: WasmBackend
}

/**
 * Conv2DBackpropInput for the wasm backend, the input gradient of an NHWC convolution. Stride 1 runs as one
 * XNNPACK forward convolution of dy with the filter flipped and its channel axes swapped; larger strides as
 * one such convolution per stride phase of dx (`conv2d-backprop-input-phases.ts`). The matrix product plus
 * col2im below is kept as the reference path for the tests (it was the strided path until the phases beat it).
 */
export function conv2DBackpropInputWasm(args: BackpropInputArgs): tf.TensorInfo {
  const g = convGeometry(args.attrs.inputShape as number[], args.inputs.filter.shape, args.attrs)
  const unitStride = g.strideHeight === 1 && g.strideWidth === 1 && g.dilationHeight === 1 && g.dilationWidth === 1
  return unitStride ? backpropInputByConv(args, g) : backpropInputByPhases(args.inputs, g, args.backend)
}

/** dx = conv(dy, W flipped, channels swapped) with the complementary padding; stride and dilation 1 only. */
export function backpropInputByConv(args: BackpropInputArgs, g: ConvGeometry): tf.TensorInfo {
  const { inputs, backend } = args
  const { filterHeight: kh, filterWidth: kw, inChannels, outChannels } = g
  // Stride 1: the forward pass read rows −padTop … −padTop + outHeight + kh − 2 (columns alike).
  const padBottom = g.outHeight + kh - 1 - g.padTop - g.inHeight
  const padRight = g.outWidth + kw - 1 - g.padLeft - g.inWidth
  const pad = [
    [0, 0],
    [kh - 1 - g.padTop, kh - 1 - padBottom],
    [kw - 1 - g.padLeft, kw - 1 - padRight],
    [0, 0],
  ]
  if (pad.flat().some((p) => p < 0)) return backpropInputByColumns(args, g)
  const flipped = backend.makeOutput([kh, kw, outChannels, inChannels], 'float32')
  const src = floatView(backend, inputs.filter)
  const dst = floatView(backend, flipped)
  const taps = kh * kw
  for (let t = 0; t < taps; t++) {
    const from = (taps - 1 - t) * inChannels * outChannels
    const to = t * outChannels * inChannels
    transposeInto(src, from, inChannels, outChannels, dst, to)
  }
  const attrs = { strides: [1, 1], dilations: [1, 1], pad, dataFormat: 'NHWC' }
  const dx = runWasmKernel('Conv2D', { x: inputs.dy, filter: flipped }, attrs, backend)
  freeAll(backend, [flipped])
  return dx
}

/**
 * dx = col2im(dy · Wᵀ): any stride, dilation and padding. The product runs as a 1×1 XNNPACK convolution
 * (dy as the image, Wᵀ as [1, 1, O, KH·KW·C]); the wasm BatchMatMul was 10× slower on these shapes.
 */
export function backpropInputByColumns(args: BackpropInputArgs, g: ConvGeometry): tf.TensorInfo {
  const { inputs, backend } = args
  const patch = g.filterHeight * g.filterWidth * g.inChannels
  const o = g.outChannels
  const wT = backend.makeOutput([1, 1, o, patch], 'float32')
  const w = floatView(backend, inputs.filter)
  const t = floatView(backend, wT)
  for (let p = 0; p < patch; p++) {
    for (let k = 0; k < o; k++) t[k * patch + p] = w[p * o + k] as number
  }
  const attrs = { strides: [1, 1], dilations: [1, 1], pad: 'valid', dataFormat: 'NHWC' }
  const cols = runWasmKernel('Conv2D', { x: inputs.dy, filter: wT }, attrs, backend)
  const dx = backend.makeOutput([g.batch, g.inHeight, g.inWidth, g.inChannels], 'float32')
  columnsToImage(floatView(backend, cols), floatView(backend, dx), g)
  freeAll(backend, [wT, cols])
  return dx
}

/** Adds each output pixel's patch column [KH, KW, C] back onto the input pixels it was read from. */
function columnsToImage(cols: Float32Array, dx: Float32Array, g: ConvGeometry): void {
  const { batch, inHeight, inWidth, inChannels: c, outHeight, outWidth, filterHeight, filterWidth } = g
  dx.fill(0)
  let s = 0
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * g.strideHeight + kh * g.dilationHeight - g.padTop
          if (ih < 0 || ih >= inHeight) {
            s += filterWidth * c
            continue
          }
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * g.strideWidth + kw * g.dilationWidth - g.padLeft
            if (iw >= 0 && iw < inWidth) {
              const d = ((n * inHeight + ih) * inWidth + iw) * c
              for (let k = 0; k < c; k++) dx[d + k] = (dx[d + k] as number) + (cols[s + k] as number)
            }
            s += c
          }
        }
      }
    }
  }
}
