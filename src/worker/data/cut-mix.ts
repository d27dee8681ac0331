/**
 * CutMix (Yun et al. 2019) for the labels stage: a share of a batch's images each get a square of another image
 * of the same batch pasted in, and their targets become the two images' targets mixed by the pasted area. Objects
 * are then seen on pieces of other scenes and beside other objects: aimed, like context augmentation, at a test
 * set photographed elsewhere. Works on the decoded batch in place (no second decode); written by hand because it
 * is a few loops over the batch's bytes that no library offers for uint8 NHWC batches.
 */

/** A batch as cut-mix changes it: count images of size × size × 3 bytes and count × classCount targets. */
export interface MixableBatch {
  count: number
  size: number
  pixels: Uint8Array
  targets: Float32Array
  classCount: number
}

/** One paste: image `into` got the square (x, y, side) of image `from` (both as they were before any paste). */
export interface CutMixPaste {
  into: number
  from: number
  x: number
  y: number
  side: number
  /** The pasted share of the image's area: its targets are (1 − area) × its own + area × the other's. */
  area: number
}

/**
 * Pastes into each image, with probability `share`, a square of another image of the batch: its area a share
 * drawn uniformly from [0, 1] (Beta(1, 1), the paper's), its place uniform. Every source is the batch as it
 * came (a pasted image is not pasted on). Deterministic for `random`. Returns the pastes made.
 */
export function cutMix(batch: MixableBatch, share: number, random: () => number): CutMixPaste[] {
  const { count, size, pixels, targets, classCount } = batch
  if (share <= 0 || count < 2) return []
  const pastes: CutMixPaste[] = []
  for (let into = 0; into < count; into++) {
    if (random() >= share) continue
    const from = (into + 1 + Math.floor(random() * (count - 1))) % count
    const side = Math.round(size * Math.sqrt(random()))
    const x = Math.floor(random() * (size - side + 1))
    const y = Math.floor(random() * (size - side + 1))
    if (side === 0) continue
    pastes.push({ into, from, x, y, side, area: (side * side) / (size * size) })
  }
  if (pastes.length === 0) return pastes
  const original = pixels.slice()
  const originalTargets = targets.slice()
  const stride = size * size * 3
  const row = size * 3
  for (const { into, from, x, y, side, area } of pastes) {
    for (let r = y; r < y + side; r++) {
      const start = r * row + x * 3
      pixels.set(original.subarray(from * stride + start, from * stride + start + side * 3), into * stride + start)
    }
    for (let c = 0; c < classCount; c++) {
      targets[into * classCount + c] = (1 - area) * originalTargets[into * classCount + c]! + area * originalTargets[from * classCount + c]!
    }
  }
  return pastes
}
