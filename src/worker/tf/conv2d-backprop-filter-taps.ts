import * as tf from '@tensorflow/tfjs'
import type { ConvGeometry } from './conv-geometry'
import { transposeStrided } from './transpose'
import { aliasFloats, floatView, freeAlias, freeAll, runWasmKernel, type WasmBackend } from './wasm-heap'

/**
 * The filter gradient of an NHWC convolution as one matrix product per kernel tap, each with a large reduction:
 *
 *   dW[kh, kw] (C × O) = X_tapᵀ (C × K) · dY (K × O),   K = every output pixel of the batch.
 *
 * Hand-written because the wasm backend has no Conv2DBackpropFilter, and because XNNPACK runs a 1×1 convolution
 * whose "image" is X_tapᵀ as [1, 1, C, K] and whose filter is dY as [1, 1, K, O] as its plain GEMM (M = C,
 * N = O) at the forward conv's speed, where the batch-as-channels identity gave it few output channels per tap.
 *
 * No im2col: x is transposed once into one [C, L] plane per stride phase, laid out on a padded grid of output
 * positions, and dY is laid out on the same grid with zeros in its margin. The tap (kh, kw) reads x at a fixed
 * offset δh·GW + δw from the output pixel, so X_tapᵀ is the same plane shifted: an alias, not a copy. Where a
 * shift runs a row into its neighbour, dY is zero there. Taps of few channels (the stem) are stacked into one
 * product of more rows by copying their shifted planes, since XNNPACK's GEMM is slow with few rows.
 * Options (tests): `layout` forces the grid or the compact rows (by default the margins decide), `packedBytes`
 * the size of the batch groups (below).
 */
export function backpropFilterByTaps(
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  filterShape: number[],
  g: ConvGeometry,
  backend: WasmBackend,
  options: { layout?: 'grid' | 'compact'; packedBytes?: number } = {},
): tf.TensorInfo {
  const { layout, packedBytes = packedBytesPerGroup } = options
  const cutAbove = options.packedBytes === undefined ? cutDyAbove : 0
  const grid = tapGrid(g)
  const imageBytes = grid.gridH * grid.gridW * g.outChannels * 4
  if (imageBytes * g.batch <= Math.max(packedBytes, cutAbove)) return byTaps(x, dy, filterShape, g, grid, backend, layout)
  const groups = Math.ceil(g.batch / Math.max(1, Math.floor(packedBytes / imageBytes)))
  const images = Math.ceil(g.batch / groups)
  let dw: tf.TensorInfo | undefined
  const xImage = g.inHeight * g.inWidth * g.inChannels
  const dyImage = g.outHeight * g.outWidth * g.outChannels
  for (let n0 = 0; n0 < g.batch; n0 += images) {
    const count = Math.min(images, g.batch - n0)
    const xs = aliasFloats(backend, x, n0 * xImage, [count, g.inHeight, g.inWidth, g.inChannels])
    const dys = aliasFloats(backend, dy, n0 * dyImage, [count, g.outHeight, g.outWidth, g.outChannels])
    const part = byTaps(xs, dys, filterShape, { ...g, batch: count }, tapGrid({ ...g, batch: count }), backend, layout)
    freeAlias(backend, [xs, dys])
    if (dw === undefined) {
      dw = part
      continue
    }
    const sum = floatView(backend, dw)
    const add = floatView(backend, part)
    for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (add[i] as number)
    freeAll(backend, [part])
  }
  return dw as tf.TensorInfo
}

/**
 * The most dY bytes one group of products packs. XNNPACK's GEMM streams all of its packed filter (dY) once per
 * few rows of X_tapᵀ; past the 32 MiB L3 (the stem's 36 MiB) that is from memory, so the batch is cut into
 * groups of images whose products are summed (the stem: 205 → 175 ms a step; 4 MiB measured best of 4, 8 and ∞).
 */
const packedBytesPerGroup = 4 * 1024 * 1024

/** Packed dY bytes up to which the batch stays whole (still in L3; cutting ResNet's 5–9 MiB layers cost 5%). */
const cutDyAbove = 16 * 1024 * 1024

/** The products of one group of images (the whole batch unless it was cut), into a new dW. */
function byTaps(
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  filterShape: number[],
  g: ConvGeometry,
  grid: TapGrid,
  backend: WasmBackend,
  layout?: 'grid' | 'compact',
): tf.TensorInfo {
  const { length: L, headSlack, tailSlack, phases, taps } = grid
  const C = g.inChannels
  const O = g.outChannels
  const pixels = g.batch * g.outHeight * g.outWidth
  // On small outputs (8 × 8, 4 × 4) the grid's margins would add a quarter or more to every product: gather each
  // tap's rows onto the output pixels alone instead, and use dY as it is.
  const compact = layout === undefined ? L > compactAbove * pixels : layout === 'compact'
  const K = compact ? pixels : L
  const planes = backend.makeOutput([headSlack + phases.length * C * L + tailSlack], 'float32')
  const dyRows = compact ? aliasFloats(backend, dy, 0, [1, 1, K, O]) : backend.makeOutput([1, 1, L, O], 'float32')
  fillPlanes(floatView(backend, x), floatView(backend, planes), g, grid)
  if (!compact) fillDyGrid(floatView(backend, dy), floatView(backend, dyRows), g, grid)

  const groups = C >= stackBelow ? taps.length : Math.ceil(taps.length / Math.ceil(minRows / C))
  const group = Math.ceil(taps.length / groups)
  const dw = backend.makeOutput(filterShape, 'float32')
  const attrs = { strides: [1, 1], dilations: [1, 1], pad: 'valid', dataFormat: 'NHWC' }
  const start = (t: number) => headSlack + (taps[t] as Tap).phase * C * L + (taps[t] as Tap).offset
  for (let t0 = 0; t0 < taps.length; t0 += group) {
    const count = Math.min(group, taps.length - t0)
    const alias = count === 1 && !compact
    const rows = alias ? aliasFloats(backend, planes, start(t0), [1, 1, C, K]) : backend.makeOutput([1, 1, count * C, K], 'float32')
    if (!alias) {
      const src = floatView(backend, planes)
      const dst = floatView(backend, rows)
      for (let t = 0; t < count; t++) {
        if (compact) gatherOutputPixels(src, dst, start(t0 + t), t * C * K, g, grid)
        else dst.set(src.subarray(start(t0 + t), start(t0 + t) + C * L), t * C * L)
      }
    }
    const product = runWasmKernel('Conv2D', { x: rows, filter: dyRows }, attrs, backend)
    floatView(backend, dw).set(floatView(backend, product), t0 * C * O)
    freeAll(backend, alias ? [product] : [rows, product])
    if (alias) freeAlias(backend, [rows])
  }
  if (compact) freeAlias(backend, [dyRows])
  else freeAll(backend, [dyRows])
  freeAll(backend, [planes])
  return dw
}

/** Grid positions per output pixel above which the products run on the output pixels alone. */
const compactAbove = 1.2

/** dst[c][n, oh, ow] = the tap's plane row c at grid position (n·GH + oh)·GW + ow, for C rows of K floats. */
function gatherOutputPixels(src: Float32Array, dst: Float32Array, from: number, to: number, g: ConvGeometry, grid: TapGrid): void {
  const { batch, outHeight: OH, outWidth: OW, inChannels: C } = g
  const { gridH, gridW, length: L } = grid
  let d = to
  for (let c = 0; c < C; c++) {
    for (let n = 0; n < batch; n++) {
      for (let oh = 0; oh < OH; oh++) {
        const s = from + c * L + (n * gridH + oh) * gridW
        for (let ow = 0; ow < OW; ow++) dst[d++] = src[s + ow] as number
      }
    }
  }
}

/** Rows per product taps of few channels are stacked to (XNNPACK's GEMM runs slowly on few rows; stem: 147). */
const minRows = 96

/** Channels from which each tap runs alone, on an alias of its plane, rather than stacked by copying. */
const stackBelow = 32

interface Tap {
  /** Index into the grid's phases: which stride phase of x the tap reads. */
  phase: number
  /** Offset of the tap's read from the output pixel, in grid positions: δh·GW + δw. */
  offset: number
}

/** The padded grid both x's phase planes and dY are laid out on (per image GH × GW positions). */
interface TapGrid {
  taps: Tap[]
  /** The stride phases (ph, pw) of x some tap reads, in the planes' order. */
  phases: Array<[number, number]>
  minDh: number
  minDw: number
  gridH: number
  gridW: number
  length: number
  headSlack: number
  tailSlack: number
}

/** Input row = stride·(output row + δ) + phase for tap kh: a = kh·d − pad, δ = ⌊a / s⌋, phase = a mod s. */
function tapGrid(g: ConvGeometry): TapGrid {
  const split = (k: number, d: number, pad: number, s: number) => {
    const a = k * d - pad
    const delta = Math.floor(a / s)
    return { delta, phase: a - delta * s }
  }
  const rows = Array.from({ length: g.filterHeight }, (_, k) => split(k, g.dilationHeight, g.padTop, g.strideHeight))
  const cols = Array.from({ length: g.filterWidth }, (_, k) => split(k, g.dilationWidth, g.padLeft, g.strideWidth))
  const minDh = Math.min(...rows.map((r) => r.delta))
  const maxDh = Math.max(...rows.map((r) => r.delta))
  const minDw = Math.min(...cols.map((c) => c.delta))
  const maxDw = Math.max(...cols.map((c) => c.delta))
  const gridH = g.outHeight + margin(minDh, maxDh, g.outHeight, rows, g.strideHeight, g.inHeight)
  const gridW = g.outWidth + margin(minDw, maxDw, g.outWidth, cols, g.strideWidth, g.inWidth)
  const phases: Array<[number, number]> = []
  const taps: Tap[] = []
  for (const r of rows) {
    for (const c of cols) {
      let phase = phases.findIndex(([ph, pw]) => ph === r.phase && pw === c.phase)
      if (phase < 0) phase = phases.push([r.phase, c.phase]) - 1
      taps.push({ phase, offset: r.delta * gridW + c.delta })
    }
  }
  const offsets = taps.map((t) => t.offset)
  return {
    taps,
    phases,
    minDh,
    minDw,
    gridH,
    gridW,
    length: g.batch * gridH * gridW,
    headSlack: Math.max(0, -Math.min(...offsets)),
    tailSlack: Math.max(0, Math.max(...offsets)),
  }
}

/**
 * Grid positions past the output on one axis. The margins before (δ < 0) and after the output wrap onto each
 * other's positions (linear layout), so when neither holds any x pixel (zero padding, the usual 'same' case)
 * they may share: max(maxD, −minD) rather than maxD − minD, which matters on 4 × 4 and 8 × 8 outputs.
 */
function margin(minD: number, maxD: number, out: number, taps: Array<{ phase: number }>, s: number, size: number): number {
  const real = (i: number) => taps.some(({ phase }) => s * i + phase >= 0 && s * i + phase < size)
  for (let i = minD; i < 0; i++) if (real(i)) return maxD - minD
  for (let i = out; i < out + maxD; i++) if (real(i)) return maxD - minD
  return Math.max(maxD, -minD)
}

/**
 * planes[phase][c] at (n·GH + i)·GW + j = x[n, s·i + ph, s·j + pw, c] for the rows i and columns j some tap
 * reads (δ ≤ 0 wraps onto the margin of the row or image before); zero where x has no pixel.
 */
function fillPlanes(x: Float32Array, planes: Float32Array, g: ConvGeometry, grid: TapGrid): void {
  const { batch, inHeight: H, inWidth: W, inChannels: C, strideHeight: sh, strideWidth: sw } = g
  const { gridH, gridW, length: L, headSlack, minDh, minDw } = grid
  planes.fill(0)
  grid.phases.forEach(([ph, pw], phase) => {
    const base = headSlack + phase * C * L
    for (let n = 0; n < batch; n++) {
      for (let gi = 0; gi < gridH; gi++) {
        const i = gi + minDh
        const y = sh * i + ph
        if (y < 0 || y >= H) continue
        const rowBase = base + (n * gridH + i) * gridW
        // Grid columns j whose x column sw·j + pw lies inside the image.
        const jLo = Math.max(minDw, Math.ceil(-pw / sw))
        const jHi = Math.min(minDw + gridW - 1, Math.floor((W - 1 - pw) / sw))
        if (jHi < jLo) continue
        const from = ((n * H + y) * W + sw * jLo + pw) * C
        transposeStrided(x, from, jHi - jLo + 1, C, sw * C, planes, rowBase + jLo, L)
      }
    }
  })
}

/** dyGrid at (n·GH + oh)·GW + ow = dy[n, oh, ow]; zero in the margins. */
function fillDyGrid(dy: Float32Array, dyGrid: Float32Array, g: ConvGeometry, grid: TapGrid): void {
  const { batch, outHeight: OH, outWidth: OW, outChannels: O } = g
  const { gridH, gridW } = grid
  dyGrid.fill(0)
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < OH; oh++) {
      const s = (n * OH + oh) * OW * O
      const d = (n * gridH + oh) * gridW * O
      dyGrid.set(dy.subarray(s, s + OW * O), d)
    }
  }
}
