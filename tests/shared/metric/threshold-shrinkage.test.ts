import { describe, expect, it } from 'vitest'
import { Random, hashSeed } from '../../../src/shared/prng'
import { chooseShrink } from '../../../src/shared/metric/choose-shrink'
import { shrinkThresholds } from '../../../src/shared/metric/threshold-shrinkage'
import { crossValidate, fitOwnThresholds, fitThresholds, type FitOptions } from '../../../src/shared/metric/thresholds'

/**
 * 40 classes that all behave alike: each image has 1–3 true labels scoring 0.25–0.75 and 5 stored false ones
 * scoring 0–0.5 (uniform), so one threshold suits every class and per-class thresholds, fitted on a dozen
 * images each, only overfit.
 */
function alike(images: number) {
  const random = new Random(hashSeed('threshold-shrinkage', images))
  const codes = Array.from({ length: 40 }, (_, i) => `c${String(i).padStart(2, '0')}`)
  const scores = new Map<string, Array<[string, number]>>()
  const truth = new Map<string, string[]>()
  for (let i = 0; i < images; i++) {
    const drawn = random.sample(codes, random.int(1, 3) + 5)
    const labels = drawn.slice(5)
    const id = `i${String(i).padStart(4, '0')}`
    scores.set(id, drawn.map((code) => [code, (labels.includes(code) ? 0.25 : 0) + random.float(0, 0.5)]))
    truth.set(id, labels)
  }
  return { scores, truth, codes }
}

const options: FitOptions = { minLabels: 1, maxLabels: 10, minSupport: 3, passes: 2 }

describe('shrinkThresholds', () => {
  const fitted = { global: 0.5, perClass: new Map([['p', 0.2], ['c', 0.8], ['d', 0.9]]) }
  const support = new Map([['p', 10], ['c', 10], ['d', 30]])
  it('averages each threshold with its reference, weighted by support against the pseudo-count', () => {
    const shrunk = shrinkThresholds(fitted, support, 10, new Map([['c', ['unfitted', 'p']], ['p', ['p']]]))
    expect(shrunk.get('c')).toBeCloseTo((10 * 0.8 + 10 * 0.2) / 20, 12)
    expect(shrunk.get('d')).toBeCloseTo((30 * 0.9 + 10 * 0.5) / 40, 12)
    expect(shrunk.get('p')).toBeCloseTo(0.35, 12)
  })
  it('changes nothing at 0 and reaches the reference as the pseudo-count grows', () => {
    expect(shrinkThresholds(fitted, support, 0)).toEqual(fitted.perClass)
    const huge = shrinkThresholds(fitted, support, 1e12, new Map([['c', ['p']]]))
    expect(huge.get('c')).toBeCloseTo(0.2, 9)
    expect(huge.get('d')).toBeCloseTo(0.5, 9)
  })
})

describe('fitThresholds with shrink', () => {
  const { scores, truth, codes } = alike(240)
  it('reproduces the unshrunk fit exactly at shrink 0', () => {
    const plain = fitThresholds(scores, truth, options)
    expect(plain.perClass.size).toBeGreaterThan(20)
    expect(fitThresholds(scores, truth, { ...options, shrink: 0, parents: new Map([['c01', ['c00']]]) })).toEqual(plain)
  })
  it('pulls every class to the global threshold, or to its parent’s, when the pseudo-count is huge', () => {
    const own = fitOwnThresholds(scores, truth, options)
    const global = fitThresholds(scores, truth, { ...options, shrink: 1e12 })
    for (const threshold of global.perClass.values()) expect(threshold).toBeCloseTo(global.global, 6)
    const [parent, parentThreshold] = [...own.perClass].sort((a, b) => Math.abs(b[1] - own.global) - Math.abs(a[1] - own.global))[0]!
    expect(Math.abs(parentThreshold - own.global)).toBeGreaterThan(0.05)
    const parents = new Map(codes.filter((code) => code !== parent).map((code) => [code, ['unknown', parent]]))
    const nested = fitThresholds(scores, truth, { ...options, shrink: 1e12, parents })
    for (const code of codes) {
      if (code !== parent && own.perClass.has(code)) expect(nested.perClass.get(code) ?? nested.global).toBeCloseTo(parentThreshold, 6)
    }
    expect(nested.perClassF2).toBeLessThanOrEqual(own.perClassF2)
  })
})

describe('chooseShrink', () => {
  const { scores, truth } = alike(240)
  it('finds that shrinkage cross-validates better than none where per-class thresholds overfit, and picks it', () => {
    const choice = chooseShrink(scores, truth, options)
    expect([...choice.f2ByShrink.keys()]).toEqual([0, 2, 5, 10, 20, 50])
    expect(choice.shrink).toBeGreaterThan(0)
    expect(choice.f2ByShrink.get(choice.shrink)!).toBeGreaterThan(choice.f2ByShrink.get(0)! + 0.005)
    const unshrunk = crossValidate(scores, truth, options)
    expect(choice.f2ByShrink.get(0)).toBeCloseTo(unshrunk.perClassF2, 12)
    expect(crossValidate(scores, truth, { ...options, shrink: choice.shrink }).perClassF2).toBeCloseTo(choice.f2ByShrink.get(choice.shrink)!, 12)
  })
  it('keeps 0 where per-class thresholds are real, and copes with no images', () => {
    const shifted = new Map<string, Array<[string, number]>>()
    const labels = new Map<string, string[]>()
    for (let i = 0; i < 40; i++) {
      const isX = i % 2 === 1
      shifted.set(`img${String(i).padStart(3, '0')}`, [['x', isX ? 0.3 : 0.1], ['y', isX ? 0.6 : 0.8]])
      labels.set(`img${String(i).padStart(3, '0')}`, [isX ? 'x' : 'y'])
    }
    const choice = chooseShrink(shifted, labels, { ...options, minSupport: 5 }, [0, 1000])
    expect(choice.shrink).toBe(0)
    expect(choice.f2ByShrink.get(0)).toBe(1)
    expect(chooseShrink(new Map(), new Map(), options).shrink).toBe(0)
  })
})
