/**
 * dst[to + c·dstStride + r] = src[from + r·srcStride + c] for r < rows, c < cols: a transpose between strided
 * matrices, in 16 × 16 tiles. Hand-written because the gradient kernels transpose filters and activations on
 * every call: the plain double loop writes with a stride of `dstStride` floats and ran at ~10 ns a float on
 * 512-channel filters; tiles keep both sides within a few cache lines.
 */
export function transposeStrided(
  src: Float32Array,
  from: number,
  rows: number,
  cols: number,
  srcStride: number,
  dst: Float32Array,
  to: number,
  dstStride: number,
): void {
  const tile = 16
  for (let r0 = 0; r0 < rows; r0 += tile) {
    const r1 = Math.min(rows, r0 + tile)
    for (let c0 = 0; c0 < cols; c0 += tile) {
      const c1 = Math.min(cols, c0 + tile)
      for (let c = c0; c < c1; c++) {
        let s = from + r0 * srcStride + c
        let d = to + c * dstStride + r0
        for (let r = r0; r < r1; r++) {
          dst[d++] = src[s] as number
          s += srcStride
        }
      }
    }
  }
}

/** Transposes a dense rows × cols matrix at `from` into a cols × rows matrix at `to`. */
export function transposeInto(src: Float32Array, from: number, rows: number, cols: number, dst: Float32Array, to: number): void {
  transposeStrided(src, from, rows, cols, cols, dst, to, rows)
}
