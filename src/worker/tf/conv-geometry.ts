import * as tf from '@tensorflow/tfjs'
import type { KernelAttrs } from './wasm-heap'

/** The geometry of one NHWC 2-D convolution, as the backprop kernels need it. */
export interface ConvGeometry {
  batch: number
  inHeight: number
  inWidth: number
  inChannels: number
  outHeight: number
  outWidth: number
  outChannels: number
  filterHeight: number
  filterWidth: number
  strideHeight: number
  strideWidth: number
  dilationHeight: number
  dilationWidth: number
  padTop: number
  padLeft: number
}

/**
 * Works out a convolution's geometry from a backprop kernel's attributes (strides, pad: 'same' | 'valid' |
 * number | explicit, dataFormat, dilations, dimRoundingMode) with tfjs's own rules, so padding matches the
 * forward Conv2D exactly. Only NHWC is supported, like the wasm backend's Conv2D.
 */
export function convGeometry(xShape: number[], filterShape: number[], attrs: KernelAttrs): ConvGeometry {
  const dataFormat = (attrs.dataFormat as 'NHWC' | 'NCHW' | undefined) ?? 'NHWC'
  if (dataFormat !== 'NHWC') throw new Error(`Conv2D backprop on wasm supports NHWC only, got ${dataFormat}`)
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as number | [number, number],
    (attrs.dilations as number | [number, number] | undefined) ?? 1,
    attrs.pad as tf.Conv2DAttrs['pad'],
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    false,
    'channelsLast',
  )
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  }
}
