import type * as tf from '@tensorflow/tfjs'
import { simdLoops } from './simd-loops'
import { floatView, freeAll, type KernelAttrs, type WasmBackend } from './wasm-heap'

/*
 * Batch norm's training passes as wasm-backend kernels of our own (NHWC, channels innermost, float32): the
 * statistics in one read of x, the normalization in one pass, and the closed-form gradient in two (one read
 * of dy and x for Σdy and Σdy·(x − mean), one write of dx). The tf-op version took ~12 full-size passes per
 * layer (moments, four broadcast ops forward, seven plus two sums backward). Rows are taken four at a time so
 * the float64 per-channel accumulators are read and written once per four values.
 */

export const batchMomentsKernel = 'OiwBatchMoments'
export const batchNormApplyKernel = 'OiwBatchNormApply'
export const batchNormGradKernel = 'OiwBatchNormGrad'

interface Args {
  inputs: Record<string, tf.TensorInfo>
  attrs: KernelAttrs
  backend: WasmBackend
}

function channelsOf(x: tf.TensorInfo): { channels: number; rows: number } {
  const channels = x.shape[x.shape.length - 1] as number
  const size = x.shape.reduce((a, b) => a * b, 1)
  return { channels, rows: size / channels }
}

/**
 * Runs a SIMD sum loop: `scratch` is [a [C] vector, 4C floats for two float64 [C] sums]; the vector gets
 * `vector`, the sums start at zero and are returned (copied out) as [first, second]. Frees the scratch.
 */
function simdSums(
  backend: WasmBackend,
  scratch: tf.TensorInfo[],
  c: number,
  run: (at: (info: tf.TensorInfo) => number, vectorAt: number, sumsAt: number) => void,
  vector: Float64Array,
): [Float64Array<ArrayBuffer>, Float64Array<ArrayBuffer>] {
  const [vec, sums] = scratch as [tf.TensorInfo, tf.TensorInfo]
  floatView(backend, vec).set(vector)
  floatView(backend, sums).fill(0)
  const at = (info: tf.TensorInfo) => backend.getMemoryOffset(info.dataId)
  run(at, at(vec), at(sums))
  const view = floatView(backend, sums)
  const both = new Float64Array(view.buffer, view.byteOffset, 2 * c)
  const result: [Float64Array<ArrayBuffer>, Float64Array<ArrayBuffer>] = [new Float64Array(both.subarray(0, c)), new Float64Array(both.subarray(c, 2 * c))]
  freeAll(backend, scratch)
  return result
}

/** x [..., C] → [mean [C], biased variance [C]] over every leading position (float64 sums, shifted by row 0). */
export function batchMomentsWasm({ inputs, backend }: Args): tf.TensorInfo[] {
  const x = inputs.x as tf.TensorInfo
  const { channels: c, rows } = channelsOf(x)
  const meanOut = backend.makeOutput([c], 'float32')
  const varOut = backend.makeOutput([c], 'float32')
  const loops = c % 4 === 0 ? simdLoops(backend) : undefined
  const scratch = loops === undefined ? [] : [backend.makeOutput([c], 'float32'), backend.makeOutput([4 * c], 'float32')]
  const src = floatView(backend, x)
  const shift = new Float64Array(c)
  for (let j = 0; j < c; j++) shift[j] = src[j] as number
  let s1 = new Float64Array(c)
  let s2 = new Float64Array(c)
  if (loops !== undefined) {
    ;[s1, s2] = simdSums(backend, scratch, c, (at, shiftAt, sumsAt) => loops.moments(at(x), shiftAt, sumsAt, sumsAt + 8 * c, rows * c * 4, c * 4), shift)
  }
  let r = loops === undefined ? 0 : rows
  // the fallback for channel counts the SIMD loops do not take (C not a multiple of 4): four rows per iteration
  for (; r + 4 <= rows; r += 4) {
    const b0 = r * c
    const b1 = b0 + c
    const b2 = b1 + c
    const b3 = b2 + c
    for (let j = 0; j < c; j++) {
      const k = shift[j] as number
      const d0 = (src[b0 + j] as number) - k
      const d1 = (src[b1 + j] as number) - k
      const d2 = (src[b2 + j] as number) - k
      const d3 = (src[b3 + j] as number) - k
      s1[j] = (s1[j] as number) + (d0 + d1 + (d2 + d3))
      s2[j] = (s2[j] as number) + (d0 * d0 + d1 * d1 + (d2 * d2 + d3 * d3))
    }
  }
  for (; r < rows; r++) {
    const b0 = r * c
    for (let j = 0; j < c; j++) {
      const d = (src[b0 + j] as number) - (shift[j] as number)
      s1[j] = (s1[j] as number) + d
      s2[j] = (s2[j] as number) + d * d
    }
  }
  const mean = floatView(backend, meanOut)
  const variance = floatView(backend, varOut)
  for (let j = 0; j < c; j++) {
    const m = (s1[j] as number) / rows
    mean[j] = (shift[j] as number) + m
    variance[j] = Math.max(0, (s2[j] as number) / rows - m * m)
  }
  return [meanOut, varOut]
}

/** y = (x − mean)·γ/√(var + ε) + β, as y = x·a + b per channel. */
export function batchNormApplyWasm({ inputs, attrs, backend }: Args): tf.TensorInfo {
  const { x, mean, variance, gamma, beta } = inputs as Record<'x' | 'mean' | 'variance' | 'gamma' | 'beta', tf.TensorInfo>
  const epsilon = attrs.epsilon as number
  const { channels: c, rows } = channelsOf(x)
  const out = backend.makeOutput(x.shape, 'float32')
  const loops = c % 4 === 0 ? simdLoops(backend) : undefined
  const vectors = loops === undefined ? [] : [backend.makeOutput([c], 'float32'), backend.makeOutput([c], 'float32')]
  const m = floatView(backend, mean)
  const v = floatView(backend, variance)
  const g = floatView(backend, gamma)
  const bt = floatView(backend, beta)
  const a = new Float32Array(c)
  const b = new Float32Array(c)
  for (let j = 0; j < c; j++) {
    const scale = (g[j] as number) / Math.sqrt((v[j] as number) + epsilon)
    a[j] = scale
    b[j] = (bt[j] as number) - (m[j] as number) * scale
  }
  if (loops !== undefined) {
    const [av, bv] = vectors as [tf.TensorInfo, tf.TensorInfo]
    floatView(backend, av).set(a)
    floatView(backend, bv).set(b)
    const at = (info: tf.TensorInfo) => backend.getMemoryOffset(info.dataId)
    loops.affine(at(x), at(out), at(av), at(bv), rows * c * 4, c * 4)
    freeAll(backend, vectors)
    return out
  }
  const src = floatView(backend, x)
  const dst = floatView(backend, out)
  if (c % 4 === 0) {
    // four channels per iteration: ~2 against ~3 ns a value in V8
    for (let r = 0; r < rows; r++) {
      const base = r * c
      for (let j = 0; j < c; j += 4) {
        const i = base + j
        dst[i] = (src[i] as number) * (a[j] as number) + (b[j] as number)
        dst[i + 1] = (src[i + 1] as number) * (a[j + 1] as number) + (b[j + 1] as number)
        dst[i + 2] = (src[i + 2] as number) * (a[j + 2] as number) + (b[j + 2] as number)
        dst[i + 3] = (src[i + 3] as number) * (a[j + 3] as number) + (b[j + 3] as number)
      }
    }
    return out
  }
  for (let r = 0; r < rows; r++) {
    const base = r * c
    for (let j = 0; j < c; j++) dst[base + j] = (src[base + j] as number) * (a[j] as number) + (b[j] as number)
  }
  return out
}

/**
 * dy, x, γ, mean, variance → [dx, dγ, dβ]: dx = γ·invstd/M · (M·dy − Σdy − x̂·Σ(dy·x̂)), dγ = Σ dy·x̂,
 * dβ = Σ dy, with x̂ = (x − mean)·invstd; dx is written as dy·k1 + (x − mean)·k2 + k3 per channel.
 */
export function batchNormGradWasm({ inputs, attrs, backend }: Args): tf.TensorInfo[] {
  const { dy, x, gamma, mean, variance } = inputs as Record<'dy' | 'x' | 'gamma' | 'mean' | 'variance', tf.TensorInfo>
  const epsilon = attrs.epsilon as number
  const { channels: c, rows } = channelsOf(x)
  const dxOut = backend.makeOutput(x.shape, 'float32')
  const dgOut = backend.makeOutput([c], 'float32')
  const dbOut = backend.makeOutput([c], 'float32')
  const loops = c % 4 === 0 ? simdLoops(backend) : undefined
  const vectors = loops === undefined ? [] : [0, 1, 2, 3].map(() => backend.makeOutput([c], 'float32'))
  const sumScratch = loops === undefined ? [] : [backend.makeOutput([c], 'float32'), backend.makeOutput([4 * c], 'float32')]
  const m = floatView(backend, mean)
  const g = floatView(backend, dy)
  const xs = floatView(backend, x)
  const mu = new Float64Array(c)
  for (let j = 0; j < c; j++) mu[j] = m[j] as number
  let sDy = new Float64Array(c)
  let sDyX = new Float64Array(c)
  if (loops !== undefined) {
    ;[sDy, sDyX] = simdSums(backend, sumScratch, c, (at, muAt, sumsAt) => loops.gradientSums(at(dy), at(x), muAt, sumsAt, sumsAt + 8 * c, rows * c * 4, c * 4), mu)
  }
  let r = loops === undefined ? 0 : rows
  for (; r + 4 <= rows; r += 4) {
    const b0 = r * c
    const b1 = b0 + c
    const b2 = b1 + c
    const b3 = b2 + c
    for (let j = 0; j < c; j++) {
      const k = mu[j] as number
      const g0 = g[b0 + j] as number
      const g1 = g[b1 + j] as number
      const g2 = g[b2 + j] as number
      const g3 = g[b3 + j] as number
      sDy[j] = (sDy[j] as number) + (g0 + g1 + (g2 + g3))
      sDyX[j] =
        (sDyX[j] as number) +
        (g0 * ((xs[b0 + j] as number) - k) +
          g1 * ((xs[b1 + j] as number) - k) +
          (g2 * ((xs[b2 + j] as number) - k) + g3 * ((xs[b3 + j] as number) - k)))
    }
  }
  for (; r < rows; r++) {
    const b0 = r * c
    for (let j = 0; j < c; j++) {
      const g0 = g[b0 + j] as number
      sDy[j] = (sDy[j] as number) + g0
      sDyX[j] = (sDyX[j] as number) + g0 * ((xs[b0 + j] as number) - (mu[j] as number))
    }
  }
  const v = floatView(backend, variance)
  const gm = floatView(backend, gamma)
  const dGamma = floatView(backend, dgOut)
  const dBeta = floatView(backend, dbOut)
  const k1 = new Float32Array(c)
  const k2 = new Float32Array(c)
  const k3 = new Float32Array(c)
  for (let j = 0; j < c; j++) {
    const invStd = 1 / Math.sqrt((v[j] as number) + epsilon)
    const scale = (gm[j] as number) * invStd
    const dg = (sDyX[j] as number) * invStd
    dGamma[j] = dg
    dBeta[j] = sDy[j] as number
    const xFactor = (-scale * invStd * dg) / rows
    k1[j] = scale
    k2[j] = xFactor
    k3[j] = -(scale * (sDy[j] as number)) / rows
  }
  const mu32 = Float32Array.from(mu)
  if (loops !== undefined) {
    const [muv, k1v, k2v, k3v] = vectors as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo]
    floatView(backend, muv).set(mu32)
    floatView(backend, k1v).set(k1)
    floatView(backend, k2v).set(k2)
    floatView(backend, k3v).set(k3)
    const at = (info: tf.TensorInfo) => backend.getMemoryOffset(info.dataId)
    loops.gradient(at(dy), at(x), at(muv), at(k1v), at(k2v), at(k3v), at(dxOut), rows * c * 4, c * 4)
    freeAll(backend, vectors)
    return [dxOut, dgOut, dbOut]
  }
  const dx = floatView(backend, dxOut)
  if (c % 4 === 0) {
    for (let rr = 0; rr < rows; rr++) {
      const base = rr * c
      for (let j = 0; j < c; j += 4) {
        const i = base + j
        dx[i] = (g[i] as number) * (k1[j] as number) + ((xs[i] as number) - (mu32[j] as number)) * (k2[j] as number) + (k3[j] as number)
        dx[i + 1] =
          (g[i + 1] as number) * (k1[j + 1] as number) + ((xs[i + 1] as number) - (mu32[j + 1] as number)) * (k2[j + 1] as number) + (k3[j + 1] as number)
        dx[i + 2] =
          (g[i + 2] as number) * (k1[j + 2] as number) + ((xs[i + 2] as number) - (mu32[j + 2] as number)) * (k2[j + 2] as number) + (k3[j + 2] as number)
        dx[i + 3] =
          (g[i + 3] as number) * (k1[j + 3] as number) + ((xs[i + 3] as number) - (mu32[j + 3] as number)) * (k2[j + 3] as number) + (k3[j + 3] as number)
      }
    }
    return [dxOut, dgOut, dbOut]
  }
  for (let rr = 0; rr < rows; rr++) {
    const base = rr * c
    for (let j = 0; j < c; j++) {
      dx[base + j] = (g[base + j] as number) * (k1[j] as number) + ((xs[base + j] as number) - (mu32[j] as number)) * (k2[j] as number) + (k3[j] as number)
    }
  }
  return [dxOut, dgOut, dbOut]
}
