import { describe, expect, it } from 'vitest'
import { classWeight, expectedShares } from '../../src/shared/sampling'

describe('class-balanced sampling weights', () => {
  it('weighs an image by its class size per scheme', () => {
    expect(classWeight(100, 'none')).toBe(1)
    expect(classWeight(100, 'inverse')).toBe(0.01)
    expect(classWeight(100, 'sqrt')).toBe(0.1)
    expect(classWeight(1, 'effective', 0.5)).toBe(1)
    expect(classWeight(2, 'effective', 0.5)).toBeCloseTo(0.5 / 0.75, 14)
    expect(classWeight(0, 'inverse')).toBe(0)
  })

  it('gives the expected share of an epoch per class', () => {
    const counts = [100, 1]
    expect(expectedShares(counts, 'none')).toEqual([100 / 101, 1 / 101])
    expect(expectedShares(counts, 'inverse')).toEqual([0.5, 0.5])
    expect(expectedShares(counts, 'sqrt')[0]).toBeCloseTo(10 / 11, 14)
    // β = 0.5: weight(100) = 0.5 / (1 − 0.5¹⁰⁰) ≈ 0.5, weight(1) = 1 → mass 50 : 1
    expect(expectedShares(counts, 'effective', 0.5)[1]).toBeCloseTo(1 / 51, 14)
    // β → 0 is no weighting; β near 1 approaches inverse frequency
    expect(expectedShares(counts, 'effective', 0)).toEqual(expectedShares(counts, 'none'))
    expect(expectedShares(counts, 'effective', 0.99999)[0]).toBeCloseTo(0.5, 2)
    expect(expectedShares([0, 0], 'sqrt')).toEqual([0, 0])
  })
})
