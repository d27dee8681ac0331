import { describe, expect, it } from 'vitest'
import { mostFrequentLabelsF2 } from '../../../src/shared/metric/baseline'

describe('most frequent labels baseline', () => {
  it('picks the k that scores best', () => {
    // a: {A}, b: {A, B}, c: {C}; F2 = 5pr / (4p + r).
    // k=1 [A]: a 1; b p=1 r=.5 → 2.5/4.5; c 0 → mean 0.5185.
    // k=2 [A, B]: a p=.5 r=1 → 2.5/3; b 1; c 0 → mean 0.6111.
    // k=3 [A, B, C]: a and c p=1/3 r=1 → (5/3)/(7/3) = 5/7; b p=2/3 r=1 → (10/3)/(11/3) = 10/11 → mean 0.7792.
    const truth = new Map([
      ['a', ['A']],
      ['b', ['A', 'B']],
      ['c', ['C']],
    ])
    const best = mostFrequentLabelsF2(truth, ['A', 'B', 'C'])
    expect(best.k).toBe(3)
    expect(best.f2).toBeCloseTo((5 / 7 + 10 / 11 + 5 / 7) / 3, 6)
    expect(mostFrequentLabelsF2(truth, ['A', 'B', 'C'], 2)).toEqual({ k: 2, f2: expect.closeTo((2.5 / 3 + 1) / 3, 6) })
  })

  it('scores 0 on an empty truth', () => {
    expect(mostFrequentLabelsF2(new Map(), ['A'])).toEqual({ k: 0, f2: 0 })
  })
})
