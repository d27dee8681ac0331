import * as tf from '@tensorflow/tfjs'
import type { ConvGeometry } from './conv-geometry'
import { transposeInto } from './transpose'
import { floatView, freeAll, runWasmKernel, type KernelAttrs, type WasmBackend } from './wasm-heap'

/**
 * The input gradient of a strided NHWC convolution as s² stride-1 convolutions of dy, one per output phase
 * (the sub-pixel decomposition of a transposed convolution), interleaved into dx.
 *
 * Hand-written because the wasm backend's own Conv2DBackpropInput is slow, and a matrix product followed by a
 * JS col2im spends its time in the scatter-add. Here every multiply-add runs in XNNPACK's forward conv.
 *
 * Input row y = s·oh + a with a = kh·d − padTop. Writing y = s·i + py, the taps whose a ≡ py (mod s) are the
 * only ones reaching phase py, each from dy row oh = i − δ with δ = ⌊a / s⌋. So dx's phase (py, px) is a
 * correlation of dy with those taps, flipped (m = maxδ − δ) and with their channel axes swapped; phases no
 * tap reaches (a 1×1 stride-2 conv's odd rows) stay zero.
 */
export function backpropInputByPhases(
  inputs: { dy: tf.TensorInfo; filter: tf.TensorInfo },
  g: ConvGeometry,
  backend: WasmBackend,
): tf.TensorInfo {
  const dx = backend.makeOutput([g.batch, g.inHeight, g.inWidth, g.inChannels], 'float32')
  floatView(backend, dx).fill(0)
  for (let py = 0; py < g.strideHeight; py++) {
    const rows = phaseAxis(py, g.filterHeight, g.dilationHeight, g.padTop, g.strideHeight, g.inHeight, g.outHeight)
    if (rows === undefined) continue
    for (let px = 0; px < g.strideWidth; px++) {
      const cols = phaseAxis(px, g.filterWidth, g.dilationWidth, g.padLeft, g.strideWidth, g.inWidth, g.outWidth)
      if (cols === undefined) continue
      const sub = subFilter(inputs.filter, rows, cols, g, backend)
      const attrs: KernelAttrs = {
        strides: [1, 1],
        dilations: [1, 1],
        pad: [[0, 0], [rows.padBefore, rows.padAfter], [cols.padBefore, cols.padAfter], [0, 0]],
        dataFormat: 'NHWC',
      }
      const out = runWasmKernel('Conv2D', { x: inputs.dy, filter: sub }, attrs, backend)
      interleave(floatView(backend, out), out.shape, floatView(backend, dx), g, [py, px], rows, cols)
      freeAll(backend, [sub, out])
    }
  }
  return dx
}

/** One axis of one phase's sub-convolution. */
interface PhaseAxis {
  /** The filter taps k reaching the phase, at sub-filter position m (the flip). */
  taps: Array<{ k: number; m: number }>
  size: number
  padBefore: number
  padAfter: number
  /** Conv output rows to skip before the phase's first dx row. */
  crop: number
  /** dx rows in the phase: y = s·i + phase < extent. */
  count: number
}

function phaseAxis(phase: number, k: number, d: number, pad: number, s: number, extent: number, out: number): PhaseAxis | undefined {
  const count = Math.ceil((extent - phase) / s)
  const reaching: Array<{ k: number; delta: number }> = []
  for (let t = 0; t < k; t++) {
    const a = t * d - pad
    const delta = Math.floor(a / s)
    if (a - delta * s === phase) reaching.push({ k: t, delta })
  }
  if (reaching.length === 0 || count <= 0) return undefined
  const maxD = Math.max(...reaching.map((r) => r.delta))
  const minD = Math.min(...reaching.map((r) => r.delta))
  const size = maxD - minD + 1
  // out[r] = Σ_m dy[r + m − padBefore]·F[m] and dx row i needs Σ dy[i + m − maxD]·F[m]: r = i + crop.
  const padBefore = Math.max(0, maxD)
  const crop = padBefore - maxD
  const padAfter = Math.max(0, crop + count - out - padBefore + size - 1)
  return { taps: reaching.map((r) => ({ k: r.k, m: maxD - r.delta })), size, padBefore, padAfter, crop, count }
}

/** F[mh, mw, o, c] = W[kh, kw, c, o] for the phase's taps; zero where no tap lands (dilation). */
function subFilter(filter: tf.TensorInfo, rows: PhaseAxis, cols: PhaseAxis, g: ConvGeometry, backend: WasmBackend): tf.TensorInfo {
  const { inChannels: C, outChannels: O, filterWidth } = g
  const sub = backend.makeOutput([rows.size, cols.size, O, C], 'float32')
  const w = floatView(backend, filter)
  const f = floatView(backend, sub)
  f.fill(0)
  for (const r of rows.taps) {
    for (const c of cols.taps) {
      const from = (r.k * filterWidth + c.k) * C * O
      const to = (r.m * cols.size + c.m) * O * C
      transposeInto(w, from, C, O, f, to)
    }
  }
  return sub
}

/** dx[n, s·i + py, s·j + px] = out[n, i + crop, j + crop] for the phase's rows and columns. */
function interleave(
  out: Float32Array,
  outShape: number[],
  dx: Float32Array,
  g: ConvGeometry,
  [py, px]: [number, number],
  rows: PhaseAxis,
  cols: PhaseAxis,
): void {
  const [, outH, outW] = outShape as [number, number, number, number]
  const { batch, inHeight: H, inWidth: W, inChannels: C, strideHeight: sh, strideWidth: sw } = g
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i < rows.count; i++) {
      const r = i + rows.crop
      if (r >= outH) break
      for (let j = 0; j < cols.count; j++) {
        const c = j + cols.crop
        if (c >= outW) break
        const s = ((n * outH + r) * outW + c) * C
        dx.set(out.subarray(s, s + C), ((n * H + sh * i + py) * W + sw * j + px) * C)
      }
    }
  }
}
