import { describe, expect, it } from 'vitest'
import { expectedShares } from '../../../src/shared/sampling'
import type { BoxSplit } from '../../../src/worker/data/box-samples'
import type { LabelSplit } from '../../../src/worker/data/label-samples'
import { epochOrder, sampleWeights, skipBatches } from '../../../src/worker/data/sampler'

/** A box split whose samples have the given classes (pixels are not read here). */
function boxSplitOf(classIndexes: number[]): BoxSplit {
  const count = classIndexes.length
  return { images: [], count, imageIndexes: new Uint32Array(count), classIndexes: Int32Array.from(classIndexes), coords: new Float32Array(count * 4) }
}

describe('epochOrder', () => {
  it('is a permutation of every sample without weights, cut or repeated to samplesPerEpoch', () => {
    const order = epochOrder(null, 100, undefined, 3, 0)
    expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i))
    expect(Array.from(order)).not.toEqual(Array.from({ length: 100 }, (_, i) => i))
    const cut = epochOrder(null, 100, 30, 3, 0)
    expect(new Set(cut).size).toBe(30)
    const long = epochOrder(null, 10, 25, 3, 0)
    expect(long.length).toBe(25)
    expect(new Set(long.subarray(0, 10)).size).toBe(10)
    expect(new Set(long.subarray(10, 20)).size).toBe(10)
  })

  it('is the same for one (seed, epoch) and differs across epochs and seeds', () => {
    const weights = Float64Array.from({ length: 50 }, (_, i) => 1 + (i % 5))
    for (const w of [null, weights]) {
      expect(epochOrder(w, 50, 80, 9, 4)).toEqual(epochOrder(w, 50, 80, 9, 4))
      expect(epochOrder(w, 50, 80, 9, 5)).not.toEqual(epochOrder(w, 50, 80, 9, 4))
      expect(epochOrder(w, 50, 80, 10, 4)).not.toEqual(epochOrder(w, 50, 80, 9, 4))
    }
  })

  it('skips the first k batches of the same order when resuming', () => {
    const order = epochOrder(null, 40, undefined, 1, 2)
    expect(Array.from(skipBatches(order, 8, 3))).toEqual(Array.from(order.subarray(24)))
    expect(skipBatches(order, 8, 10).length).toBe(0)
  })

  it('draws classes in the shares the explore page expects (inverse frequency)', () => {
    const counts = [400, 120, 40, 10, 2]
    const classes = counts.flatMap((n, c) => Array.from({ length: n }, () => c))
    const split = boxSplitOf(classes)
    const weights = sampleWeights(split, counts.length, { scheme: 'inverse', beta: 0.999 })!
    const order = epochOrder(weights, classes.length, 200_000, 1, 0)
    const drawn = new Array(counts.length).fill(0)
    for (const i of order) drawn[classes[i]!]++
    const expected = expectedShares(counts, 'inverse')
    drawn.forEach((n, c) => expect(Math.abs(n / order.length - expected[c]!)).toBeLessThan(0.05))
    for (const scheme of ['sqrt', 'effective'] as const) {
      const w = sampleWeights(split, counts.length, { scheme, beta: 0.99 })!
      const o = epochOrder(w, classes.length, 100_000, 2, 0)
      const d = new Array(counts.length).fill(0)
      for (const i of o) d[classes[i]!]++
      const e = expectedShares(counts, scheme, 0.99)
      d.forEach((n, c) => expect(Math.abs(n / o.length - e[c]!)).toBeLessThan(0.05))
    }
    expect(sampleWeights(split, counts.length, { scheme: 'none', beta: 0.999 })).toBeNull()
  })

  it('weights a multi-label image by the rarest of its human-positive classes', () => {
    // class 0 on every image, class 1 on image 2 only; image 3 has only a verified negative
    const split: LabelSplit = {
      images: [0, 1, 2, 3].map((id) => ({ id, key: `${id}`, file: '' })),
      classCount: 2,
      rowStart: Uint32Array.from([0, 1, 2, 4, 5]),
      classIndexes: Uint32Array.from([0, 0, 0, 1, 1]),
      values: Float32Array.from([1, 1, 1, 1, 0]),
      human: Uint8Array.from([1, 1, 1, 1, 1]),
    }
    const weights = sampleWeights(split, 2, { scheme: 'inverse', beta: 0.999 })!
    expect(Array.from(weights)).toEqual([1 / 3, 1 / 3, 1, 1 / 3])
  })
})
