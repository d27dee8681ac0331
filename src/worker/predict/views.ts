/**
 * Test-time augmentation: the views of an image the model scores and how their probabilities combine.
 * Pure: no tensors here (the model side is in predict-images.ts).
 */

/** One way of showing an image to the model: decoded at `size` pixels, mirrored left–right or not. */
export interface View {
  size: number
  flip: boolean
}

/**
 * The views of a prediction: each scale s decodes the image at round(size·s) pixels (the models pool
 * globally, so any size works), and with `flip` each is also scored mirrored. Without TTA and with the
 * one scale 1, a single view: exactly what the trainer's validation sees. Sizes are at least 32 (the
 * smallest input the models take); scales that round to the same size count once.
 */
export function predictionViews(size: number, scales: readonly number[], flip: boolean): View[] {
  const sizes = [...new Set(scales.map((s) => Math.max(32, Math.round(size * s))))]
  return sizes.flatMap((s) => (flip ? [{ size: s, flip: false }, { size: s, flip: true }] : [{ size: s, flip: false }]))
}

/**
 * Reads a `--scales` list (`1,1.15`): positive numbers, at most 8 of them. Throws an Error naming the
 * bad entry.
 */
export function parseScales(text: string): number[] {
  const scales = text.split(',').map((part) => part.trim())
  if (scales.length > 8) throw new Error(`--scales takes at most 8 scales, not ${scales.length}`)
  return scales.map((part) => {
    const scale = Number(part)
    if (part === '' || !Number.isFinite(scale) || scale <= 0 || scale > 4) throw new Error(`--scales takes numbers above 0 and at most 4 (like 1,1.15), not ${JSON.stringify(part)}`)
    return scale
  })
}

/** One view's probabilities for a batch: row r (`classes` values) belongs to sample `sampleIndexes[r]`. */
export interface ViewOutput {
  sampleIndexes: ArrayLike<number>
  probabilities: Float32Array
}

/**
 * The mean probabilities of each sample over the views that scored it (sigmoid outputs averaged, the
 * usual flip TTA). Samples come out in the order they first appear; a sample repeated within one view
 * (the batcher fills an unreadable file's slot with a later sample) counts once for that view, and a
 * sample some view lacks is averaged over the others.
 */
export function averageViews(views: readonly ViewOutput[], classes: number): { sampleIndexes: Uint32Array; probabilities: Float32Array } {
  const slotOf = new Map<number, number>()
  const order: number[] = []
  for (const view of views) for (let r = 0; r < view.sampleIndexes.length; r++) {
    const sample = view.sampleIndexes[r]!
    if (!slotOf.has(sample)) {
      slotOf.set(sample, order.length)
      order.push(sample)
    }
  }
  const sums = new Float32Array(order.length * classes)
  const counts = new Uint32Array(order.length)
  for (const view of views) {
    const seen = new Set<number>()
    for (let r = 0; r < view.sampleIndexes.length; r++) {
      const sample = view.sampleIndexes[r]!
      if (seen.has(sample)) continue
      seen.add(sample)
      const slot = slotOf.get(sample)!
      counts[slot]!++
      for (let c = 0, from = r * classes, to = slot * classes; c < classes; c++) sums[to + c]! += view.probabilities[from + c]!
    }
  }
  for (let slot = 0; slot < order.length; slot++) {
    const n = counts[slot]!
    if (n > 1) for (let c = 0; c < classes; c++) sums[slot * classes + c]! /= n
  }
  return { sampleIndexes: Uint32Array.from(order), probabilities: sums }
}
