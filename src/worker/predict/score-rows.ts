import { growFloat32, growUint32 } from '../data/growable'

/**
 * The classes of one image's probabilities worth storing: the `topK` highest, plus every other class
 * scoring at least `floor`, best first (ties: the lower class index first). What the thresholds can
 * ever pick (at most ~10 labels a row, thresholds well above a low floor) at a fraction of
 * images × classes rows.
 */
export function selectScores(probabilities: Float32Array, topK: number, floor: number): number[] {
  const above = (a: number, b: number) => probabilities[a]! > probabilities[b]! || (probabilities[a] === probabilities[b] && a < b)
  // the top K by insertion into a short sorted list: one comparison for most classes
  const top: number[] = []
  for (let c = 0; c < probabilities.length && topK > 0; c++) {
    if (top.length === topK && !above(c, top[topK - 1]!)) continue
    let at = top.length === topK ? topK - 1 : top.length
    while (at > 0 && above(c, top[at - 1]!)) {
      top[at] = top[at - 1]!
      at--
    }
    top[at] = c
  }
  const inTop = new Set(top)
  const rest: number[] = []
  for (let c = 0; c < probabilities.length; c++) if (probabilities[c]! >= floor && !inTop.has(c)) rest.push(c)
  rest.sort((a, b) => (above(a, b) ? -1 : 1))
  return [...top, ...rest]
}

/**
 * The compact scores of a prediction, one row per (image, class): which image (its position in the
 * predicted image list), which class (its index in the head) and the probability. About 12 bytes a row,
 * no object per row; rows of an image are added together.
 */
export class ScoreRows {
  private readonly imageColumn = growUint32()
  private readonly classColumn = growUint32()
  private readonly scoreColumn = growFloat32()
  /** Images with at least one row. */
  images = 0

  /** Adds an image's selected classes (`selectScores`) from its probability row. */
  addImage(image: number, probabilities: Float32Array, classIndexes: readonly number[]): void {
    if (classIndexes.length === 0) return
    this.imageColumn.reserve(classIndexes.length)
    this.classColumn.reserve(classIndexes.length)
    this.scoreColumn.reserve(classIndexes.length)
    for (const c of classIndexes) {
      this.imageColumn.push(image)
      this.classColumn.push(c)
      this.scoreColumn.push(probabilities[c]!)
    }
    this.images++
  }

  /** Adds every row of `other`, its image positions moved by `offset` (predictions of consecutive parts of one list). */
  append(other: ScoreRows, offset: number): void {
    const { image, classIndex, score } = other.columns()
    this.imageColumn.reserve(other.length)
    this.classColumn.reserve(other.length)
    this.scoreColumn.reserve(other.length)
    for (let r = 0; r < other.length; r++) {
      this.imageColumn.push(image[r]! + offset)
      this.classColumn.push(classIndex[r]!)
      this.scoreColumn.push(score[r]!)
    }
    this.images += other.images
  }

  get length(): number {
    return this.imageColumn.length
  }

  /** The columns (views, valid until the next add). */
  columns(): { image: Uint32Array; classIndex: Uint32Array; score: Float32Array } {
    return { image: this.imageColumn.view(), classIndex: this.classColumn.view(), score: this.scoreColumn.view() }
  }
}
