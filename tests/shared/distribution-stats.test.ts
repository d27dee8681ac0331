import { describe, expect, it } from 'vitest'
import { averageRanks, jensenShannon, spearman } from '../../src/shared/distribution-stats'

describe('distribution statistics', () => {
  it('gives tied values the average of their ranks', () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1])
    expect(averageRanks([])).toEqual([])
  })

  it('computes Spearman’s correlation with ties by hand', () => {
    // ranks x 1..5, y 1, 2, 3.5, 5, 3.5: Σdxdy = 8, Σdx² = 10, Σdy² = 9.5
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(8 / Math.sqrt(95), 14)
    expect(spearman([1, 2, 3], [30, 20, 10])).toBeCloseTo(-1, 14)
    expect(spearman([1, 2, 3], [1, 4, 9])).toBeCloseTo(1, 14)
    expect(spearman([1, 2, 3], [7, 7, 7])).toBeNaN()
    expect(spearman([1], [1])).toBeNaN()
  })

  it('computes the Jensen–Shannon divergence in bits by hand', () => {
    expect(jensenShannon([1, 0], [0, 1])).toBe(1)
    expect(jensenShannon([1, 2, 3], [2, 4, 6])).toBeCloseTo(0, 14)
    // (½,½) against (1,0): m = (¾,¼); ¼·log2(⅔) + ¼·log2(2) + ½·log2(4/3)
    const expected = 0.25 * Math.log2(2 / 3) + 0.25 + 0.5 * Math.log2(4 / 3)
    expect(expected).toBeCloseTo(0.311278124459, 11)
    expect(jensenShannon([2, 2], [3, 0])).toBeCloseTo(expected, 14)
    expect(jensenShannon([0, 0], [1, 0])).toBe(0)
  })
})
