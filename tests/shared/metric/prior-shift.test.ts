import { describe, expect, it } from 'vitest'
import { Random, hashSeed } from '../../../src/shared/prng'
import { calibrate, clampedLogit, fitCalibration, sigmoid } from '../../../src/shared/metric/calibration'
import { adaptScores, adjustToPrior, estimateTargetPrior } from '../../../src/shared/metric/prior-shift'
import { bestGlobalThreshold, meanF2With, type ImageScores, type ImageTruth } from '../../../src/shared/metric/thresholds'

/** A standard normal draw (Box–Muller). */
function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.unit())) * Math.cos(2 * Math.PI * random.unit())
}

const classes = Array.from({ length: 10 }, (_, i) => `c${i}`)
const sourcePriors = classes.map((_, i) => 0.1 + (0.2 * i) / 9)
const targetPriors = [0.6, 0.02, 0.5, 0.05, 0.45, 0.03, 0.55, 0.08, 0.4, 0.6]
const separation = 1.5
/** These tests check EM itself on priors that move up to 30×: no bound on the move. */
const unbounded = { maxRatio: Infinity }

/**
 * Images whose labels are drawn with `labelPriors`, each class's feature x ~ N(±separation, 1) by label, and
 * the exact posterior under `calibratedUnder` (Bayes over the two Gaussians: log LR = 2·separation·x).
 */
function simulate(seed: string, images: number, labelPriors: readonly number[], calibratedUnder: readonly number[]) {
  const random = new Random(hashSeed('prior-shift', seed))
  const rows: Array<Array<[string, number]>> = []
  const labels: string[][] = []
  for (let i = 0; i < images; i++) {
    const row: Array<[string, number]> = []
    const truth: string[] = []
    classes.forEach((code, c) => {
      const positive = random.chance(labelPriors[c]!)
      const x = gaussian(random) + (positive ? separation : -separation)
      row.push([code, sigmoid(clampedLogit(calibratedUnder[c]!) + 2 * separation * x)])
      if (positive) truth.push(code)
    })
    rows.push(row)
    labels.push(truth)
  }
  return { rows, labels }
}

describe('estimateTargetPrior', () => {
  const source = new Map(classes.map((code, c) => [code, sourcePriors[c]!]))
  const { rows } = simulate('em', 2000, targetPriors, sourcePriors)

  it('recovers a very different target prior to within 0.03, where the naive mean is far off', () => {
    const estimate = estimateTargetPrior(rows, source, unbounded)
    const naive = classes.map((code) => rows.reduce((sum, row) => sum + row.find(([c]) => c === code)![1], 0) / rows.length)
    classes.forEach((code, c) => {
      const found = estimate.perClass.get(code)!
      expect(Math.abs(found.target - targetPriors[c]!)).toBeLessThan(0.03)
      expect(found.source).toBeCloseTo(sourcePriors[c]!, 12)
      expect(found.iterations).toBeGreaterThan(1)
      expect(found.iterations).toBeLessThanOrEqual(100)
    })
    const naiveError = Math.max(...naive.map((p, c) => Math.abs(p - targetPriors[c]!)))
    expect(naiveError).toBeGreaterThan(0.1)
    expect(estimate.expectedLabelsPerImage.source).toBeCloseTo(sourcePriors.reduce((a, b) => a + b), 10)
    expect(Math.abs(estimate.expectedLabelsPerImage.target - targetPriors.reduce((a, b) => a + b))).toBeLessThan(0.1)
  })

  it('accepts Map rows and counts a missing class as `missingPosterior`', () => {
    const asMaps = rows.map((row) => new Map(row))
    expect(estimateTargetPrior(asMaps, source, unbounded).perClass).toEqual(estimateTargetPrior(rows, source, unbounded).perClass)
    const dropped = rows.map((row) => row.filter(([, p]) => p >= 0.001))
    const withMissing = estimateTargetPrior(dropped, source, { missingPosterior: 0.0005, ...unbounded })
    classes.forEach((code, c) => expect(Math.abs(withMissing.perClass.get(code)!.target - targetPriors[c]!)).toBeLessThan(0.03))
  })

  it('keeps the source prior without target images, and never returns NaN', () => {
    const estimate = estimateTargetPrior([], new Map([['a', 0.3], ['b', 0], ['c', 1]]))
    expect(estimate.perClass.get('a')).toEqual({ source: 0.3, target: 0.3, iterations: 0, bounded: false })
    expect(estimate.perClass.get('b')!.target).toBe(1e-4)
    expect(estimate.perClass.get('c')!.target).toBe(1 - 1e-4)
    const unscored = estimateTargetPrior([[], [['other', 0.9]]], new Map([['a', 0.3]]), unbounded)
    expect(unscored.perClass.get('a')!.target).toBe(1e-4)
    expect(Number.isNaN(unscored.expectedLabelsPerImage.target)).toBe(false)
  })
})

describe('estimateTargetPrior on miscalibrated images', () => {
  it('bounds how far a prior moves when every posterior runs high, where unbounded EM walks toward 1', () => {
    // one class, source prior 0.05, and target images the model reads wrongly: posteriors 0.2–0.4 on every image
    const random = new Random(hashSeed('miscalibrated', 3))
    const rows = Array.from({ length: 500 }, () => [['x', random.float(0.2, 0.4)] as const])
    const source = new Map([['x', 0.05]])
    const free = estimateTargetPrior(rows, source, unbounded).perClass.get('x')!
    expect(free.target).toBeGreaterThan(0.9)
    const bounded = estimateTargetPrior(rows, source).perClass.get('x')!
    expect(bounded.target).toBeCloseTo(0.2, 10)
    expect(bounded.bounded).toBe(true)
    expect(estimateTargetPrior(rows, source, { maxRatio: 2 }).perClass.get('x')!.target).toBeCloseTo(0.1, 10)
  })
})

describe('adjustToPrior', () => {
  const grid = Array.from({ length: 21 }, (_, i) => i / 20)
  it('is the identity when the priors are equal', () => {
    for (const p of grid) expect(adjustToPrior(p, 0.2, 0.2)).toBeCloseTo(p, 12)
  })
  it('is increasing in p, and raises p when the target prior is higher', () => {
    const adjusted = grid.map((p) => adjustToPrior(p, 0.2, 0.6))
    for (let i = 1; i < grid.length; i++) expect(adjusted[i]!).toBeGreaterThan(adjusted[i - 1]!)
    for (let i = 1; i < grid.length - 1; i++) expect(adjusted[i]!).toBeGreaterThan(grid[i]!)
    expect(adjustToPrior(0, 0.2, 0.6)).toBe(0)
    expect(adjustToPrior(1, 0.2, 0.6)).toBe(1)
  })
  it('gives the Bayes posterior under the new prior', () => {
    for (const logLikelihoodRatio of [-3, -0.5, 0, 1.2, 4]) {
      const underSource = sigmoid(clampedLogit(0.15) + logLikelihoodRatio)
      expect(adjustToPrior(underSource, 0.15, 0.5)).toBeCloseTo(sigmoid(clampedLogit(0.5) + logLikelihoodRatio), 12)
    }
  })
})

describe('fitCalibration', () => {
  /** 30 classes per image, scores σ(N(−1.5, 1.5)); a row keeps its top 20 and those ≥ 0.05; labels drawn from σ(a·logit(s) + b), a missing score counting as 0.02. */
  function miscalibrated(a: number, b: number, images: number): { scores: ImageScores; truth: ImageTruth; codes: string[] } {
    const random = new Random(hashSeed('calibration', a, b))
    const codes = Array.from({ length: 30 }, (_, i) => `k${i}`)
    const scores = new Map<string, Array<[string, number]>>()
    const truth = new Map<string, string[]>()
    for (let i = 0; i < images; i++) {
      const drawn = codes.map((code) => [code, sigmoid(-1.5 + 1.5 * gaussian(random))] as [string, number]).sort((x, y) => y[1] - x[1])
      const row = drawn.filter(([, s], rank) => rank < 20 || s >= 0.05)
      const labels = codes.filter((code) => random.chance(sigmoid(a * clampedLogit(row.find(([c]) => c === code)?.[1] ?? 0.02) + b)))
      scores.set(`i${i}`, row)
      truth.set(`i${i}`, labels)
    }
    return { scores, truth, codes }
  }

  it('recovers the a and b the labels were drawn with, to within 0.1', () => {
    for (const [a, b] of [[1.7, -0.8], [0.6, 0.4]] as const) {
      const { scores, truth, codes } = miscalibrated(a, b, 600)
      const fitted = fitCalibration(scores, truth, codes)
      expect(Math.abs(fitted.a - a)).toBeLessThan(0.1)
      expect(Math.abs(fitted.b - b)).toBeLessThan(0.1)
      expect(fitted.missingScore).toBe(0.02)
    }
  })

  it('falls back to the identity without positives or without negatives, and is deterministic', () => {
    const { scores, truth, codes } = miscalibrated(1.7, -0.8, 50)
    const none = new Map([...truth.keys()].map((image) => [image, [] as string[]]))
    expect(fitCalibration(scores, none, codes)).toEqual({ a: 1, b: 0, missingScore: 0.02 })
    const all = new Map([...truth.keys()].map((image) => [image, codes]))
    expect(fitCalibration(scores, all, codes, 0.01)).toEqual({ a: 1, b: 0, missingScore: 0.01 })
    expect(fitCalibration(scores, truth, codes)).toEqual(fitCalibration(scores, truth, codes))
    expect(calibrate({ a: 1, b: 0, missingScore: 0.02 }, 0.3)).toBeCloseTo(0.3, 12)
  })

  it('stays finite on separable or degenerate data', () => {
    const scores: ImageScores = new Map([['p', [['x', 0.9]]], ['n', [['x', 0.1]]]])
    const separable = fitCalibration(scores, new Map([['p', ['x']], ['n', []]]), ['x'])
    expect(Number.isFinite(separable.a) && Number.isFinite(separable.b)).toBe(true)
    const unscored = fitCalibration(new Map(), new Map([['p', ['x']], ['n', []], ['m', []]]), ['x'])
    expect(Number.isFinite(unscored.a) && Number.isFinite(unscored.b)).toBe(true)
    // One distinct score: the fit is the mean of Platt's targets, (2/3 + 2 · 1/4) / 3.
    expect(calibrate(unscored, 0.02)).toBeCloseTo(7 / 18, 4)
  })
})

describe('adaptScores', () => {
  /** Rows as the model stores them: its scores are σ((logit(p) + 1) / 2) of the true posterior p (miscalibrated), top 20 and ≥ 0.05 kept. */
  function stored(rows: ReadonlyArray<ReadonlyArray<readonly [string, number]>>, prefix: string): Map<string, Array<[string, number]>> {
    return new Map(rows.map((row, i) => [`${prefix}${i}`, row.map(([code, p]) => [code, sigmoid((clampedLogit(p) + 1) / 2)] as [string, number]).filter(([, s]) => s >= 0.05)]))
  }
  const tuning = simulate('tuning', 1500, sourcePriors, sourcePriors)
  const target = simulate('target', 2000, targetPriors, sourcePriors)
  const tuningScores = stored(tuning.rows, 't')
  const tuningTruth = new Map(tuning.labels.map((labels, i) => [`t${i}`, labels]))
  const targetScores = stored(target.rows, 's')
  const targetTruth = new Map(target.labels.map((labels, i) => [`s${i}`, labels]))

  it('estimates the target prior from miscalibrated scores and lifts the target F2 of tuning-fitted thresholds', () => {
    const adapted = adaptScores(tuningScores, tuningTruth, targetScores, classes, unbounded)
    expect(Math.abs(adapted.calibration.a - 2)).toBeLessThan(0.1)
    expect(Math.abs(adapted.calibration.b + 1)).toBeLessThan(0.1)
    classes.forEach((code, c) => {
      const prior = adapted.prior.perClass.get(code)!
      expect(Math.abs(prior.source - sourcePriors[c]!)).toBeLessThan(0.03)
      expect(Math.abs(prior.target - targetPriors[c]!)).toBeLessThan(0.04)
    })
    const policy = { minLabels: 1, maxLabels: 10 }
    const raw = bestGlobalThreshold(tuningScores, tuningTruth, policy).threshold
    const calibrated = bestGlobalThreshold(adapted.calibratedTuning, tuningTruth, policy)
    expect(calibrated.f2).toBeCloseTo(bestGlobalThreshold(tuningScores, tuningTruth, policy).f2, 12)
    const before = meanF2With(targetScores, targetTruth, { global: raw, perClass: new Map() }, policy)
    const after = meanF2With(adapted.adjusted, targetTruth, { global: calibrated.threshold, perClass: new Map() }, policy)
    expect(after).toBeGreaterThan(before + 0.01)
  })

  it('keeps rows, adds classes whose adjusted missing probability reaches the floor, and copes with empty input', () => {
    const adapted = adaptScores(tuningScores, tuningTruth, new Map([['empty', []], ['other', [['zz', 0.5]]]]), classes, { floor: 0 })
    expect(adapted.adjusted.get('empty')!.map(([code]) => code).sort()).toEqual([...classes].sort())
    expect(adapted.adjusted.get('other')![0]![0]).toBe('zz')
    const nothing = adaptScores(new Map(), new Map(), new Map(), ['a', 'b'])
    expect(nothing.calibration).toEqual({ a: 1, b: 0, missingScore: 0.02 })
    expect(nothing.adjusted.size).toBe(0)
    expect(nothing.prior.perClass.get('a')).toEqual({ source: 0.02, target: 0.02, iterations: 0, bounded: false })
    const neverScored = adaptScores(tuningScores, tuningTruth, targetScores, [...classes, 'ghost'])
    const ghost = neverScored.prior.perClass.get('ghost')!
    expect(Number.isFinite(ghost.source) && Number.isFinite(ghost.target)).toBe(true)
    for (const row of neverScored.adjusted.values()) for (const [, p] of row) expect(Number.isFinite(p)).toBe(true)
  })
})
