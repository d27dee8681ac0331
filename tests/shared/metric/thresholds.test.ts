import { describe, expect, it } from 'vitest'
import {
  bestGlobalThreshold,
  crossValidate,
  fitThresholds,
  meanF2With,
  selectLabels,
  type ImageScores,
  type ImageTruth,
} from '../../../src/shared/metric/thresholds'

const policy = { minLabels: 1, maxLabels: 10 }

/** 2n images: even ones are truly `y` only, odd ones `x` only; `x` scores low (0.3 true, 0.1 false), `y` high (0.8 true, 0.6 false). */
function shifted(n: number): { scores: ImageScores; truth: ImageTruth } {
  const scores = new Map<string, Array<[string, number]>>()
  const truth = new Map<string, string[]>()
  for (let i = 0; i < 2 * n; i++) {
    const isX = i % 2 === 1
    const id = `img${String(i).padStart(3, '0')}`
    truth.set(id, [isX ? 'x' : 'y'])
    scores.set(id, [['x', isX ? 0.3 : 0.1], ['y', isX ? 0.6 : 0.8]])
  }
  return { scores, truth }
}

describe('selectLabels', () => {
  const row: Array<[string, number]> = [['a', 0.2], ['b', 0.9], ['c', 0.5], ['d', 0.7]]
  it('keeps labels at or above their threshold, best first', () => {
    expect(selectLabels(row, { global: 0.5, perClass: new Map() }, policy)).toEqual(['b', 'd', 'c'])
    expect(selectLabels(row, { global: 0.5, perClass: new Map([['a', 0.1], ['d', 0.8]]) }, policy)).toEqual(['b', 'c', 'a'])
  })
  it('tops up to the minimum and cuts to the maximum', () => {
    expect(selectLabels(row, { global: 0.95, perClass: new Map() }, { minLabels: 2, maxLabels: 5 })).toEqual(['b', 'd'])
    expect(selectLabels(row, { global: 0, perClass: new Map() }, { minLabels: 1, maxLabels: 2 })).toEqual(['b', 'd'])
  })
  it('fills an empty row with the top label, and leaves a row without scores empty', () => {
    expect(selectLabels(row, { global: 2, perClass: new Map() }, policy)).toEqual(['b'])
    expect(selectLabels(row, { global: 2, perClass: new Map() }, { minLabels: 0, maxLabels: 5 })).toEqual([])
    expect(selectLabels([], { global: 0, perClass: new Map() }, policy)).toEqual([])
  })
})

describe('bestGlobalThreshold', () => {
  it('finds the threshold that separates true from false labels', () => {
    const scores: ImageScores = new Map([
      ['a', [['x', 0.9], ['y', 0.3]]],
      ['b', [['y', 0.8], ['x', 0.4]]],
      ['c', [['x', 0.7], ['y', 0.2]]],
    ] as Array<[string, Array<[string, number]>]>)
    const truth: ImageTruth = new Map([['a', ['x']], ['b', ['y']], ['c', ['x']]])
    const best = bestGlobalThreshold(scores, truth, policy)
    expect(best.f2).toBe(1)
    expect(best.threshold).toBeGreaterThan(0.4)
    expect(best.threshold).toBeLessThanOrEqual(0.7)
  })
  it('counts images without scores as empty rows', () => {
    const truth: ImageTruth = new Map([['a', ['x']], ['b', ['y']]])
    expect(meanF2With(new Map([['a', [['x', 1]]]]), truth, { global: 0.5, perClass: new Map() }, policy)).toBe(0.5)
  })
})

describe('fitThresholds', () => {
  const { scores, truth } = shifted(5)
  it('gives shifted classes their own thresholds where one global threshold cannot fit both', () => {
    const fitted = fitThresholds(scores, truth, { ...policy, minSupport: 5, passes: 3 })
    expect(fitted.global).toBeGreaterThan(0.1)
    expect(fitted.global).toBeLessThanOrEqual(0.3)
    expect(fitted.globalF2).toBeCloseTo((1 + 5 / 6) / 2, 10)
    expect(fitted.perClassF2).toBe(1)
    const y = fitted.perClass.get('y')!
    expect(y).toBeGreaterThan(0.6)
    expect(y).toBeLessThanOrEqual(0.8)
    expect(meanF2With(scores, truth, fitted, policy)).toBe(1)
  })
  it('keeps the global threshold for classes with too little support', () => {
    const fitted = fitThresholds(scores, truth, { ...policy, minSupport: 6, passes: 3 })
    expect(fitted.perClass.size).toBe(0)
    expect(fitted.perClassF2).toBe(fitted.globalF2)
  })
})

describe('crossValidate', () => {
  it('confirms a real per-class gain on held-out folds', () => {
    const { scores, truth } = shifted(20)
    const cv = crossValidate(scores, truth, { ...policy, minSupport: 5, passes: 3 }, 5)
    expect(cv.folds).toBe(5)
    expect(cv.perClassF2).toBe(1)
    expect(cv.globalF2).toBeCloseTo((1 + 5 / 6) / 2, 10)
  })
  it('scores noise no better held out than on the fitting set', () => {
    let seed = 7
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
    const scores = new Map<string, Array<[string, number]>>()
    const truth = new Map<string, string[]>()
    for (let i = 0; i < 200; i++) {
      const id = `n${i}`
      truth.set(id, [`c${Math.floor(random() * 4)}`])
      scores.set(id, [0, 1, 2, 3].map((c) => [`c${c}`, random()] as [string, number]))
    }
    const options = { ...policy, minSupport: 5, passes: 3 }
    const fitted = fitThresholds(scores, truth, options)
    const cv = crossValidate(scores, truth, options, 5)
    expect(fitted.perClassF2).toBeGreaterThanOrEqual(fitted.globalF2)
    expect(cv.perClassF2).toBeLessThan(fitted.perClassF2)
  })
})
