/**
 * The Inclusive Images metric (docs/formats.md): per-image F2 and its mean over the test images, plus
 * per-class counts to see which classes cost the score. Pure: no I/O, runs anywhere.
 */

/** The labels of a row with repeats removed, first occurrence kept. Rows hold a handful of labels, so a scan beats a Set. */
export function uniqueLabels(labels: readonly string[]): string[] {
  const unique: string[] = []
  for (const label of labels) if (!unique.includes(label)) unique.push(label)
  return unique
}

/** F2 from a precision and a recall (5·p·r / (4·p + r)); 0 when both are 0. */
export function f2FromPrecisionRecall(precision: number, recall: number): number {
  const denominator = 4 * precision + recall
  return denominator === 0 ? 0 : (5 * precision * recall) / denominator
}

/**
 * F2 of one image: p = |P∩G|/|P|, r = |P∩G|/|G|, F2 = 5pr/(4p+r), and 0 when |P∩G| = 0 (so an empty
 * prediction, or an image without true labels, scores 0). Duplicate labels count once.
 */
export function perImageF2(predicted: readonly string[], truth: readonly string[]): number {
  const p = uniqueLabels(predicted)
  const g = uniqueLabels(truth)
  let hits = 0
  for (const label of p) if (g.includes(label)) hits++
  if (hits === 0) return 0
  return f2FromPrecisionRecall(hits / p.length, hits / g.length)
}

/** How one class fared over the evaluated images. `support` is the number of images that truly have it (TP + FN). */
export interface ClassScore {
  code: string
  support: number
  tp: number
  fp: number
  fn: number
  /** TP / (TP + FP); 0 when the class was never predicted. */
  precision: number
  /** TP / (TP + FN); 0 when the class has no support. */
  recall: number
  /** 5·P·R / (4·P + R) over the class's counts; 0 when TP is 0. */
  f2: number
}

/** The mean F2 over images and the per-class table, sorted by support (most first), then code. */
export interface F2Summary {
  meanF2: number
  images: number
  perClass: ClassScore[]
}

interface ClassCounts {
  tp: number
  fp: number
  fn: number
}

/**
 * Sums per-image F2 for the mean and TP/FP/FN per class, one image at a time, so a caller can stream
 * a submission through it. An image missing from a submission is added with an empty prediction.
 */
export class F2Accumulator {
  private sum = 0
  private count = 0
  private readonly classes = new Map<string, ClassCounts>()

  /** Scores one image and adds it to the mean and the class counts; returns its F2. */
  addImage(predicted: readonly string[], truth: readonly string[]): number {
    const p = uniqueLabels(predicted)
    const g = uniqueLabels(truth)
    let hits = 0
    for (const label of p) {
      if (g.includes(label)) {
        hits++
        this.counts(label).tp++
      } else this.counts(label).fp++
    }
    for (const label of g) if (!p.includes(label)) this.counts(label).fn++
    const score = hits === 0 ? 0 : f2FromPrecisionRecall(hits / p.length, hits / g.length)
    this.sum += score
    this.count++
    return score
  }

  /** The mean so far (0 over no images) and the per-class table. */
  summary(): F2Summary {
    const perClass: ClassScore[] = []
    for (const [code, { tp, fp, fn }] of this.classes) {
      const precision = tp + fp === 0 ? 0 : tp / (tp + fp)
      const recall = tp + fn === 0 ? 0 : tp / (tp + fn)
      perClass.push({ code, support: tp + fn, tp, fp, fn, precision, recall, f2: tp === 0 ? 0 : f2FromPrecisionRecall(precision, recall) })
    }
    perClass.sort((a, b) => b.support - a.support || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    return { meanF2: this.count === 0 ? 0 : this.sum / this.count, images: this.count, perClass }
  }

  private counts(code: string): ClassCounts {
    let counts = this.classes.get(code)
    if (counts === undefined) {
      counts = { tp: 0, fp: 0, fn: 0 }
      this.classes.set(code, counts)
    }
    return counts
  }
}
