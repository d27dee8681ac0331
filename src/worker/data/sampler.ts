import { hashSeed, mulberry32 } from '../../shared/prng'
import { classWeight, type SamplingScheme } from '../../shared/sampling'
import type { BoxSplit } from './box-samples'
import type { LabelSplit } from './label-samples'

/**
 * The order of an epoch's samples, deterministic for (seed, epoch) so a resumed run replays it.
 * Without weights: a seeded permutation of all samples, cut to `samplesPerEpoch` or continued with
 * fresh permutations past it (every sample once per pass). With weights: `samplesPerEpoch` (default
 * `count`) draws with replacement, each sample with probability weight / Σ weights (alias method, O(1) a draw).
 */
export function epochOrder(weights: Float64Array | null, count: number, samplesPerEpoch: number | undefined, seed: number, epoch: number): Uint32Array {
  const length = samplesPerEpoch ?? count
  const order = new Uint32Array(count === 0 ? 0 : length)
  if (count === 0) return order
  const random = mulberry32(hashSeed('epoch-order', seed, epoch))
  if (weights === null) {
    const permutation = new Uint32Array(count)
    for (let filled = 0; filled < length; filled += count) {
      for (let i = 0; i < count; i++) permutation[i] = i
      for (let i = count - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1))
        const t = permutation[i]!
        permutation[i] = permutation[j]!
        permutation[j] = t
      }
      order.set(permutation.subarray(0, Math.min(count, length - filled)), filled)
    }
    return order
  }
  if (weights.length !== count) throw new RangeError(`${weights.length} weights for ${count} samples`)
  const { probability, alias } = aliasTable(weights)
  for (let i = 0; i < length; i++) {
    const column = Math.floor(random() * count)
    order[i] = random() < probability[column]! ? column : alias[column]!
  }
  return order
}

/** The part of an epoch's order left after its first `batches` batches: how a run resumes mid-epoch. */
export function skipBatches(order: Uint32Array, batchSize: number, batches: number): Uint32Array {
  return order.subarray(Math.min(order.length, batches * batchSize))
}

/**
 * Per-sample weights for class-balanced sampling with the explore page's `classWeight`, or null for
 * scheme 'none' (then `epochOrder` permutes). Class counts are taken from the split itself.
 * Box crops: the weight of the crop's class (one class a sample, so class shares match `expectedShares`).
 * Multi-label images: the largest weight among the image's human-positive classes. The maximum lets an
 * image carrying a rare class come up as often as that class needs, whatever common classes share the
 * image (a mean or sum would dilute it, or boost images just for having many labels); the cost is
 * that common classes co-occurring with rare ones are somewhat over-sampled. Images without a positive
 * (only verified negatives) get the smallest class weight, as an image of the most common class.
 */
export function sampleWeights(split: LabelSplit | BoxSplit, classCount: number, sampling: { scheme: SamplingScheme; beta: number }): Float64Array | null {
  if (sampling.scheme === 'none') return null
  const counts = new Float64Array(classCount)
  const positive = (e: number, s: LabelSplit): boolean => s.human[e] === 1 && s.values[e]! >= 0.5
  if ('rowStart' in split) {
    for (let e = 0; e < split.classIndexes.length; e++) if (positive(e, split)) counts[split.classIndexes[e]!]!++
  } else {
    for (const cls of split.classIndexes) counts[cls]!++
  }
  const classWeights = Float64Array.from(counts, (n) => classWeight(n, sampling.scheme, sampling.beta))
  if ('rowStart' in split) {
    const floor = Math.min(...Array.from(classWeights).filter((w) => w > 0), 1)
    const weights = new Float64Array(split.images.length)
    for (let i = 0; i < split.images.length; i++) {
      let best = 0
      for (let e = split.rowStart[i]!; e < split.rowStart[i + 1]!; e++) if (positive(e, split)) best = Math.max(best, classWeights[split.classIndexes[e]!]!)
      weights[i] = best > 0 ? best : floor
    }
    return weights
  }
  return Float64Array.from(split.classIndexes, (cls) => classWeights[cls]!)
}

/** Vose's alias table: column i keeps itself with `probability[i]`, else yields `alias[i]`. */
function aliasTable(weights: Float64Array): { probability: Float64Array; alias: Uint32Array } {
  const n = weights.length
  const total = weights.reduce((a, b) => a + b, 0)
  if (!(total > 0)) throw new RangeError('sample weights sum to zero')
  const scaled = Float64Array.from(weights, (w) => (w * n) / total)
  const probability = new Float64Array(n)
  const alias = new Uint32Array(n)
  const small = new Uint32Array(n)
  const large = new Uint32Array(n)
  let s = 0
  let l = 0
  scaled.forEach((p, i) => (p < 1 ? (small[s++] = i) : (large[l++] = i)))
  while (s > 0 && l > 0) {
    const less = small[--s]!
    const more = large[--l]!
    probability[less] = scaled[less]!
    alias[less] = more
    scaled[more] = scaled[more]! + scaled[less]! - 1
    if (scaled[more]! < 1) small[s++] = more
    else large[l++] = more
  }
  while (l > 0) probability[large[--l]!] = 1
  while (s > 0) probability[small[--s]!] = 1
  return { probability, alias }
}
