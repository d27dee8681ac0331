/**
 * The F2-optimal label set for one image given each label's marginal probability, labels taken as
 * independent (Jansche 2007; Nan Ye, Chai, Lee & Chieu 2012): the best set is some top-k of the labels by
 * probability, so each k's expected F2 is computed exactly and the best k wins. Unlike one threshold for all
 * images, it predicts more labels where many are likely and fewer where one dominates. Pure: runs anywhere.
 */
import type { LabelPolicy } from './thresholds'

type Probabilities = ReadonlyArray<readonly [string, number]>

/**
 * E[F2] of predicting the first k labels of `probabilities` in the order given (sort best first to match
 * `selectExpectedF2`), each label true with its probability independently and those not listed never true.
 * F2 = 5·TP / (4·(TP + FN) + k), 0 when TP = 0; k outside [1, n] gives 0.
 */
export function expectedF2(probabilities: Probabilities, k: number): number {
  const ps = probabilities.map(([, p]) => clampProbability(p))
  if (k < 1 || k > ps.length) return 0
  return expectedF2ByK(ps, k, k)[0]!
}

/**
 * The labels whose top-k set has the highest expected F2 (ties: the smaller k), best first, for k from
 * max(1, minLabels) to maxLabels (as many as there are when fewer). O(n²) per k with n the row's labels.
 * The probabilities must be calibrated (e.g. `adaptScores`' adjusted rows): raw soft-F2 scores are not.
 */
export function selectExpectedF2(probabilities: Probabilities, policy: LabelPolicy): string[] {
  const sorted = probabilities
    .map(([code, p]) => [code, clampProbability(p)] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  const high = Math.min(policy.maxLabels, sorted.length)
  if (high < 1) return []
  const low = Math.min(Math.max(1, policy.minLabels), high)
  const expected = expectedF2ByK(sorted.map(([, p]) => p), low, high)
  let best = 0
  for (let i = 1; i < expected.length; i++) if (expected[i]! > expected[best]! + 1e-12) best = i
  return sorted.slice(0, low + best).map(([code]) => code)
}

function clampProbability(p: number): number {
  return Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0
}

/** Mass below which the tail of a count distribution is dropped from the sums (the error stays far below 1e-12). */
const negligible = 1e-16

/**
 * E[F2] for every k in [low, high] (1 ≤ low ≤ high ≤ n): TP counts the first k labels (a Poisson-binomial
 * grown one label at a time), FN the rest (suffix distributions built once from the end, in one buffer),
 * independent. Sums skip the tails of the distributions that hold less than `negligible` mass.
 */
function expectedF2ByK(ps: readonly number[], low: number, high: number): Float64Array {
  const n = ps.length
  const width = n + 1
  const { suffix, suffixEnd, prefix, reciprocal } = scratchFor(width)
  suffix[n * width] = 1
  suffixEnd[n] = 1
  for (let j = n - 1; j >= low; j--) suffixEnd[j] = addLabel(suffix, (j + 1) * width, suffixEnd[j + 1]!, suffix, j * width, ps[j]!)
  prefix[0] = 1
  let prefixEnd = 1
  for (let j = 0; j < low - 1; j++) prefixEnd = addLabel(prefix, 0, prefixEnd, prefix, 0, ps[j]!)
  const result = new Float64Array(high - low + 1)
  for (let k = low; k <= high; k++) {
    prefixEnd = addLabel(prefix, 0, prefixEnd, prefix, 0, ps[k - 1]!)
    for (let s = 0; s <= n; s++) reciprocal[s] = 1 / (4 * s + k)
    const start = k * width
    const end = suffixEnd[k]!
    let sum = 0
    for (let tp = 1; tp < prefixEnd; tp++) {
      let inner = 0
      for (let fn = 0; fn < end; fn++) inner += suffix[start + fn]! * reciprocal[tp + fn]!
      sum += prefix[tp]! * tp * inner
    }
    result[k - low] = 5 * sum
  }
  return result
}

/** Working buffers reused across calls (rows are scored by the hundred thousand); each call overwrites what it reads. */
let scratch = { width: 0, suffix: new Float64Array(0), suffixEnd: new Int32Array(0), prefix: new Float64Array(0), reciprocal: new Float64Array(0) }

function scratchFor(width: number): typeof scratch {
  if (scratch.width < width) {
    scratch = { width, suffix: new Float64Array(width * width), suffixEnd: new Int32Array(width), prefix: new Float64Array(width), reciprocal: new Float64Array(width) }
  }
  return scratch
}

/**
 * Adds one label, true with probability p, to the count distribution at `from` (counts 0 … length − 1) and
 * writes the result at `to` (which may be the same place); returns the new length, its negligible tail cut.
 */
function addLabel(source: Float64Array, from: number, length: number, target: Float64Array, to: number, p: number): number {
  let carried = 0
  for (let c = 0; c < length; c++) {
    const mass = source[from + c]!
    target[to + c] = mass * (1 - p) + carried
    carried = mass * p
  }
  target[to + length] = carried
  let end = length + 1
  let tail = 0
  while (end > 1 && tail + target[to + end - 1]! < negligible) tail += target[to + --end]!
  return end
}
