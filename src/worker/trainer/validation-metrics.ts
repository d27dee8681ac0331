import { mostFrequentLabelsF2 } from '../../shared/metric/baseline'
import { bestGlobalThreshold, type ImageScores, type ImageTruth } from '../../shared/metric/thresholds'

/** Scores kept per validation image for the threshold search (the metric never uses more labels than this). */
const topScoresPerImage = 20

export interface LabelsValidation {
  f2: number
  threshold: number
  baselineF2: number
}

/**
 * The labels stage's validation: mean F2 (docs/formats.md) at the best global threshold over the validation
 * images' probabilities (`probabilities` is images × classes), and the most-frequent-labels baseline.
 * `truth[i]` holds image i's human-positive class indexes.
 */
export function validateLabels(
  probabilities: Float32Array,
  truth: ReadonlyArray<readonly number[]>,
  codes: readonly string[],
  codesByFrequency: readonly string[],
): LabelsValidation {
  const classes = codes.length
  const scores = new Map<string, Array<readonly [string, number]>>()
  const truthMap = new Map<string, string[]>()
  for (let i = 0; i < truth.length; i++) {
    const row = probabilities.subarray(i * classes, (i + 1) * classes)
    const top = topIndexes(row, topScoresPerImage)
    scores.set(String(i), top.map((c) => [codes[c]!, row[c]!] as const))
    truthMap.set(String(i), truth[i]!.map((c) => codes[c]!))
  }
  const policy = { minLabels: 1, maxLabels: topScoresPerImage }
  const best = bestGlobalThreshold(scores as ImageScores, truthMap as ImageTruth, policy)
  const baseline = mostFrequentLabelsF2(truthMap, codesByFrequency)
  return { f2: best.f2, threshold: best.threshold, baselineF2: baseline.f2 }
}

function topIndexes(row: Float32Array, k: number): number[] {
  const order = Array.from(row.keys())
  order.sort((a, b) => row[b]! - row[a]!)
  return order.slice(0, Math.min(k, row.length))
}

/** Share of samples whose highest logit is their class (the boxes stage's accuracy). */
export function accuracyOf(logits: Float32Array, classIndexes: ArrayLike<number>, classes: number): number {
  let correct = 0
  for (let i = 0; i < classIndexes.length; i++) {
    let best = 0
    for (let c = 1; c < classes; c++) if (logits[i * classes + c]! > logits[i * classes + best]!) best = c
    if (best === classIndexes[i]) correct++
  }
  return classIndexes.length > 0 ? correct / classIndexes.length : 0
}
