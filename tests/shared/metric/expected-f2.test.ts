import { describe, expect, it } from 'vitest'
import { Random, hashSeed } from '../../../src/shared/prng'
import { perImageF2 } from '../../../src/shared/metric/f2'
import { expectedF2, selectExpectedF2 } from '../../../src/shared/metric/expected-f2'
import { bestGlobalThreshold, meanF2With, type ImageScores } from '../../../src/shared/metric/thresholds'

type Row = Array<[string, number]>
const policy = { minLabels: 1, maxLabels: 10 }

/** E[F2] of predicting the first k labels, by summing over all 2^n outcomes. */
function bruteForce(row: Row, k: number): number {
  const predicted = row.slice(0, k).map(([code]) => code)
  let sum = 0
  for (let mask = 0; mask < 1 << row.length; mask++) {
    let probability = 1
    const truth: string[] = []
    row.forEach(([code, p], i) => {
      const positive = (mask >> i) & 1
      probability *= positive ? p : 1 - p
      if (positive) truth.push(code)
    })
    sum += probability * perImageF2(predicted, truth)
  }
  return sum
}

/** Rows of `labels` labels with probabilities from `draw`, and truth drawn from them independently. */
function simulate(seed: string, images: number, labels: number, draw: (random: Random, i: number) => number) {
  const random = new Random(hashSeed('expected-f2', seed))
  const scores = new Map<string, Row>()
  const truth = new Map<string, string[]>()
  for (let i = 0; i < images; i++) {
    const row: Row = Array.from({ length: labels }, (_, c) => [`c${c}`, draw(random, c)])
    scores.set(`i${i}`, row)
    truth.set(`i${i}`, row.filter(([, p]) => random.chance(p)).map(([code]) => code))
  }
  return { scores, truth }
}

function meanRealized(scores: ImageScores, truth: ReadonlyMap<string, readonly string[]>, choose: (row: Row) => string[]): number {
  let sum = 0
  for (const [image, labels] of truth) sum += perImageF2(choose([...scores.get(image)!] as Row), labels)
  return sum / truth.size
}

describe('expectedF2', () => {
  it('matches brute-force enumeration of every outcome to 1e-9', () => {
    const random = new Random(hashSeed('expected-f2', 'brute'))
    for (let trial = 0; trial < 40; trial++) {
      const n = 1 + (trial % 8)
      const row: Row = Array.from({ length: n }, (_, i) => [`c${i}`, trial % 5 === 0 ? random.pick([0, 1, random.unit()]) : random.unit()])
      for (let k = 0; k <= n; k++) expect(Math.abs(expectedF2(row, k) - bruteForce(row, k))).toBeLessThan(1e-9)
    }
  })
  it('is 1 for certain labels predicted exactly and 0 outside 1..n', () => {
    expect(expectedF2([['a', 1], ['b', 1], ['c', 0]], 2)).toBeCloseTo(1, 12)
    expect(expectedF2([['a', 0.5]], 0)).toBe(0)
    expect(expectedF2([['a', 0.5]], 2)).toBe(0)
  })
})

describe('selectExpectedF2', () => {
  it('picks more labels when probabilities are flat and high, fewer when one dominates', () => {
    expect(selectExpectedF2([['a', 0.8], ['b', 0.8], ['c', 0.8], ['d', 0.8], ['e', 0.8]], policy)).toHaveLength(5)
    expect(selectExpectedF2([['b', 0.1], ['a', 0.95], ['c', 0.1], ['d', 0.1]], policy)).toEqual(['a'])
    expect(selectExpectedF2([['a', 0.3], ['b', 0.3], ['c', 0.3], ['d', 0.02]], policy)).toEqual(['a', 'b', 'c'])
  })
  it('keeps to the policy and to the row', () => {
    const flat: Row = Array.from({ length: 12 }, (_, i) => [`c${i}`, 0.9])
    expect(selectExpectedF2(flat, { minLabels: 1, maxLabels: 4 })).toHaveLength(4)
    expect(selectExpectedF2([['a', 0.99], ['b', 0.01], ['c', 0.01]], { minLabels: 2, maxLabels: 5 })).toEqual(['a', 'b'])
    expect(selectExpectedF2([['a', 0.5]], { minLabels: 3, maxLabels: 5 })).toEqual(['a'])
    expect(selectExpectedF2([], policy)).toEqual([])
    expect(selectExpectedF2([['a', Number.NaN], ['b', 0.4]], policy)).toEqual(['b'])
  })
  it('does at least as well as the best global threshold fitted on the same simulated images', () => {
    const { scores, truth } = simulate('global', 3000, 15, (random) => random.unit() ** 3)
    const global = bestGlobalThreshold(scores, truth, policy)
    expect(meanF2With(scores, truth, { global: global.threshold, perClass: new Map() }, policy)).toBeCloseTo(global.f2, 12)
    const expected = meanRealized(scores, truth, (row) => selectExpectedF2(row, policy))
    expect(expected).toBeGreaterThanOrEqual(global.f2 - 0.005)
  })
  it('beats top-1 where several labels are likely', () => {
    const { scores, truth } = simulate('flat', 2000, 6, (random, c) => (c < 4 ? random.float(0.55, 0.85) : random.float(0, 0.1)))
    const topOne = meanRealized(scores, truth, (row) => selectExpectedF2(row, { minLabels: 1, maxLabels: 1 }))
    const expected = meanRealized(scores, truth, (row) => selectExpectedF2(row, policy))
    expect(expected).toBeGreaterThan(topOne + 0.1)
  })
  it('chooses 100,000 rows of 25 labels within a few seconds', () => {
    const random = new Random(hashSeed('expected-f2', 'speed'))
    const rows = Array.from({ length: 1000 }, () => Array.from({ length: 25 }, (_, c) => [`c${c}`, random.unit() ** 4] as [string, number]))
    const started = performance.now()
    let labels = 0
    for (let i = 0; i < 100_000; i++) labels += selectExpectedF2(rows[i % rows.length]!, policy).length
    expect(labels).toBeGreaterThan(0)
    expect(performance.now() - started).toBeLessThan(5_000)
  })
})
