import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../../src/shared/prng'
import { cutMix, type MixableBatch } from '../../../src/worker/data/cut-mix'

/** A batch whose image i is all value 10·(i+1) and whose targets are one-hot on class i. */
function batchOf(count: number, size: number, classCount = count): MixableBatch {
  const stride = size * size * 3
  const pixels = new Uint8Array(count * stride)
  const targets = new Float32Array(count * classCount)
  for (let i = 0; i < count; i++) {
    pixels.fill(10 * (i + 1), i * stride, (i + 1) * stride)
    targets[i * classCount + (i % classCount)] = 1
  }
  return { count, size, pixels, targets, classCount }
}

describe('cut-mix', () => {
  it("pastes exactly a square of another image's original pixels and mixes the targets by its area", () => {
    const size = 16
    const batch = batchOf(6, size)
    const pastes = cutMix(batch, 1, mulberry32(3))
    expect(pastes.length).toBeGreaterThan(3)
    const stride = size * size * 3
    for (const { into, from, x, y, side, area } of pastes) {
      expect(from).not.toBe(into)
      expect(area).toBeCloseTo((side * side) / (size * size), 10)
      let inside = 0
      for (let r = 0; r < size; r++) {
        for (let c = 0; c < size; c++) {
          const value = batch.pixels[into * stride + (r * size + c) * 3 + 1]
          const pasted = r >= y && r < y + side && c >= x && c < x + side
          // the source as it came, even when the source itself was pasted on
          expect(value).toBe(pasted ? 10 * (from + 1) : 10 * (into + 1))
          if (pasted) inside++
        }
      }
      expect(inside).toBe(side * side)
      const targets = batch.targets.subarray(into * 6, into * 6 + 6)
      expect(targets[into]).toBeCloseTo(1 - area, 6)
      expect(targets[from]).toBeCloseTo(area, 6)
      expect([...targets].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6)
    }
    // images not pasted into keep their pixels and targets
    const touched = new Set(pastes.map((p) => p.into))
    for (let i = 0; i < 6; i++) {
      if (touched.has(i)) continue
      expect(batch.pixels.subarray(i * stride, (i + 1) * stride).every((v) => v === 10 * (i + 1))).toBe(true)
      expect(batch.targets[i * 6 + i]).toBe(1)
    }
  })

  it('pastes into about the share asked, the same pastes for the same seed, none for share 0 or a single image', () => {
    const count = 400
    const pastes = cutMix(batchOf(count, 4, 3), 0.3, mulberry32(9))
    expect(pastes.length / count).toBeGreaterThan(0.22)
    expect(pastes.length / count).toBeLessThan(0.38)
    const again = cutMix(batchOf(count, 4, 3), 0.3, mulberry32(9))
    expect(again).toEqual(pastes)
    const untouched = batchOf(5, 4)
    expect(cutMix(untouched, 0, mulberry32(1))).toEqual([])
    expect(untouched).toEqual(batchOf(5, 4))
    expect(cutMix(batchOf(1, 4), 1, mulberry32(1))).toEqual([])
  })

  it('draws the pasted area uniformly: about half the image on average', () => {
    const pastes = cutMix(batchOf(2000, 32, 2), 1, mulberry32(5))
    const mean = pastes.reduce((sum, p) => sum + p.area, 0) / pastes.length
    expect(mean).toBeGreaterThan(0.45)
    expect(mean).toBeLessThan(0.55)
  })
})
