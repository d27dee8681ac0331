import { describe, expect, it } from 'vitest'
import { F2Accumulator, f2FromPrecisionRecall, perImageF2, uniqueLabels } from '../../../src/shared/metric/f2'

describe('perImageF2', () => {
  it('is 1 for a perfect prediction, in any order', () => {
    expect(perImageF2(['/m/a', '/m/b'], ['/m/b', '/m/a'])).toBe(1)
  })

  it('is 0 for an empty prediction and when nothing matches', () => {
    expect(perImageF2([], ['/m/a'])).toBe(0)
    expect(perImageF2(['/m/x', '/m/y'], ['/m/a'])).toBe(0)
    expect(perImageF2(['/m/a'], [])).toBe(0)
  })

  it('counts duplicate labels once', () => {
    // P = {a}, G = {a, b}: p = 1, r = 1/2, F2 = 5·1·0.5 / (4 + 0.5) = 2.5 / 4.5
    expect(perImageF2(['/m/a', '/m/a', '/m/a'], ['/m/a', '/m/b'])).toBeCloseTo(2.5 / 4.5, 12)
    expect(perImageF2(['/m/a', '/m/a'], ['/m/a'])).toBe(1)
    expect(uniqueLabels(['/m/b', '/m/a', '/m/b'])).toEqual(['/m/b', '/m/a'])
  })

  it('weights recall over precision (partial predictions)', () => {
    // one of two true labels, nothing wrong: p = 1, r = 0.5 → 2.5 / 4.5 = 0.5556
    expect(perImageF2(['/m/a'], ['/m/a', '/m/b'])).toBeCloseTo(0.5556, 4)
    // both true labels and two wrong ones: p = 0.5, r = 1 → 2.5 / 3 = 0.8333
    expect(perImageF2(['/m/a', '/m/b', '/m/x', '/m/y'], ['/m/a', '/m/b'])).toBeCloseTo(0.8333, 4)
  })

  it('matches 5pr/(4p+r)', () => {
    expect(f2FromPrecisionRecall(0.5, 2 / 3)).toBeCloseTo(0.625, 12)
    expect(f2FromPrecisionRecall(0, 0)).toBe(0)
  })
})

describe('F2Accumulator: a worked example', () => {
  // A: G = {a,b,c}, P = {a,b,d,e}: |P∩G| = 2, p = 2/4 = 0.5, r = 2/3, F2 = 5·0.5·(2/3) / (2 + 2/3) = 0.625
  // B: G = {a},     P = {a}:       F2 = 1
  // C: G = {b,c},   P = {}:        F2 = 0 (missing from the submission = empty prediction)
  // D: G = {c},     P = {a,a,c}:   P = {a,c}, p = 0.5, r = 1, F2 = 2.5 / 3 = 0.8333…
  // mean = (0.625 + 1 + 0 + 0.8333…) / 4 = 2.458333… / 4 = 0.6145833…
  const accumulator = new F2Accumulator()
  const scores = [
    accumulator.addImage(['/m/a', '/m/b', '/m/d', '/m/e'], ['/m/a', '/m/b', '/m/c']),
    accumulator.addImage(['/m/a'], ['/m/a']),
    accumulator.addImage([], ['/m/b', '/m/c']),
    accumulator.addImage(['/m/a', '/m/a', '/m/c'], ['/m/c']),
  ]
  const summary = accumulator.summary()

  it('scores each image and the mean', () => {
    expect(scores[0]).toBeCloseTo(0.625, 12)
    expect(scores[1]).toBe(1)
    expect(scores[2]).toBe(0)
    expect(scores[3]).toBeCloseTo(2.5 / 3, 12)
    expect(summary.images).toBe(4)
    expect(summary.meanF2).toBeCloseTo(0.6145833333, 9)
  })

  it('counts TP/FP/FN per class, sorted by support', () => {
    // c: TP in D, FN in A and C → support 3, P = 1, R = 1/3, F2 = (5/3) / (4 + 1/3) = 5/13
    // a: TP in A and B, FP in D (counted once) → support 2, P = 2/3, R = 1, F2 = (10/3) / (11/3) = 10/11
    // b: TP in A, FN in C → support 2, P = 1, R = 1/2, F2 = 2.5 / 4.5
    // d, e: one FP each, support 0, F2 0
    expect(summary.perClass.map((c) => c.code)).toEqual(['/m/c', '/m/a', '/m/b', '/m/d', '/m/e'])
    const [c, a, b, d] = summary.perClass
    expect(c).toMatchObject({ support: 3, tp: 1, fp: 0, fn: 2, precision: 1 })
    expect(c!.recall).toBeCloseTo(1 / 3, 12)
    expect(c!.f2).toBeCloseTo(5 / 13, 12)
    expect(a).toMatchObject({ support: 2, tp: 2, fp: 1, fn: 0, recall: 1 })
    expect(a!.precision).toBeCloseTo(2 / 3, 12)
    expect(a!.f2).toBeCloseTo(10 / 11, 12)
    expect(b).toMatchObject({ support: 2, tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5 })
    expect(b!.f2).toBeCloseTo(2.5 / 4.5, 12)
    expect(d).toEqual({ code: '/m/d', support: 0, tp: 0, fp: 1, fn: 0, precision: 0, recall: 0, f2: 0 })
  })

  it('is 0 over no images', () => {
    expect(new F2Accumulator().summary()).toEqual({ meanF2: 0, images: 0, perClass: [] })
  })
})
