/**
 * Platt scaling for the classifier's scores: the model is trained with a soft-F2 loss, so its scores rank
 * well but are not probabilities, and prior-shift adaptation (prior-shift.ts) needs probabilities. One
 * global p = σ(a·logit(s) + b) is fitted on the tuning images; it is monotonic, so it never changes a ranking.
 */
import type { ImageScores, ImageTruth } from './thresholds'

/** p = σ(a·logit(s) + b) with s clamped into [1e-4, 1 − 1e-4]; `missingScore` is what a class missing from a row counts as. */
export interface Calibration {
  a: number
  b: number
  missingScore: number
}

/** The score a class missing from a stored row counts as: rows keep only the top 20 and those ≥ 0.05. */
export const defaultMissingScore = 0.02
const scoreClamp = 1e-4
const maxNewtonSteps = 100

/** The identity calibration (a = 1, b = 0): what fitting falls back to without both positives and negatives. */
export function identityCalibration(missingScore = defaultMissingScore): Calibration {
  return { a: 1, b: 0, missingScore }
}

/** logit of a score clamped into [1e-4, 1 − 1e-4], so 0 and 1 stay finite. */
export function clampedLogit(score: number): number {
  const s = Math.min(1 - scoreClamp, Math.max(scoreClamp, Number.isFinite(score) ? score : 0))
  return Math.log(s / (1 - s))
}

/** σ(z), without overflow for large |z|. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))
}

/** A score's calibrated probability. */
export function calibrate(calibration: Calibration, score: number): number {
  return sigmoid(calibration.a * clampedLogit(score) + calibration.b)
}

/**
 * Fits the calibration over every (image in `truth`, class in `classes`) pair, a class missing from the
 * image's row counting as `missingScore`. Newton's method with a backtracking line search on the
 * cross-entropy (Lin, Lin & Weng 2007), with Platt's targets (N₊+1)/(N₊+2) and 1/(N₋+2) so separable
 * data still has a finite fit. Deterministic; identity when there are no positives or no negatives.
 */
export function fitCalibration(scores: ImageScores, truth: ImageTruth, classes: readonly string[], missingScore = defaultMissingScore): Calibration {
  const wanted = new Set(classes)
  const xs: number[] = []
  const ys: number[] = []
  let missingPositives = 0
  let missingNegatives = 0
  for (const [image, labels] of truth) {
    const row = new Map((scores.get(image) ?? []).filter(([code]) => wanted.has(code)))
    const positives = new Set(labels)
    for (const code of wanted) {
      const score = row.get(code)
      const positive = positives.has(code)
      if (score === undefined) {
        if (positive) missingPositives++
        else missingNegatives++
      } else {
        xs.push(clampedLogit(score))
        ys.push(positive ? 1 : 0)
      }
    }
  }
  const positives = ys.reduce((sum, y) => sum + y, missingPositives)
  const negatives = ys.length + missingPositives + missingNegatives - positives
  if (positives === 0 || negatives === 0) return identityCalibration(missingScore)
  const high = (positives + 1) / (positives + 2)
  const low = 1 / (negatives + 2)
  const points = xs.map((x, i) => ({ x, t: ys[i] === 1 ? high : low, w: 1 }))
  const missingX = clampedLogit(missingScore)
  if (missingPositives > 0) points.push({ x: missingX, t: high, w: missingPositives })
  if (missingNegatives > 0) points.push({ x: missingX, t: low, w: missingNegatives })
  const { a, b } = newton(points)
  return { a, b, missingScore }
}

interface Point {
  x: number
  t: number
  w: number
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))
}

/** The weighted cross-entropy plus a faint pull toward the identity (weight `ridge`), so a degenerate set (one distinct score) still has one answer. */
function loss(points: readonly Point[], a: number, b: number, ridge: number): number {
  let sum = (ridge / 2) * ((a - 1) ** 2 + b ** 2)
  for (const { x, t, w } of points) {
    const f = a * x + b
    sum += w * (softplus(f) - t * f)
  }
  return sum
}

/** Minimises `loss` over (a, b) from the identity. */
function newton(points: readonly Point[]): { a: number; b: number } {
  const total = points.reduce((sum, p) => sum + p.w, 0)
  const ridge = 1e-6 * total
  let a = 1
  let b = 0
  let current = loss(points, a, b, ridge)
  for (let step = 0; step < maxNewtonSteps; step++) {
    let [ga, gb, haa, hab, hbb] = [ridge * (a - 1), ridge * b, ridge, 0, ridge]
    for (const { x, t, w } of points) {
      const p = sigmoid(a * x + b)
      const d = w * p * (1 - p)
      ga += w * (p - t) * x
      gb += w * (p - t)
      haa += d * x * x
      hab += d * x
      hbb += d
    }
    if (Math.abs(ga) + Math.abs(gb) < 1e-10 * total) break
    const det = haa * hbb - hab * hab
    const da = -(hbb * ga - hab * gb) / det
    const db = -(haa * gb - hab * ga) / det
    if (!Number.isFinite(da) || !Number.isFinite(db)) break
    const slope = ga * da + gb * db
    let size = 1
    let next = loss(points, a + da, b + db, ridge)
    while (!(next <= current + 1e-4 * size * slope) && size > 1e-10) {
      size /= 2
      next = loss(points, a + size * da, b + size * db, ridge)
    }
    if (size <= 1e-10) break
    a += size * da
    b += size * db
    current = next
  }
  return { a, b }
}
