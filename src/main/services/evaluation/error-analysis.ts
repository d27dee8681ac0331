import type {
  AnalysisThresholds,
  ClassErrorPage,
  ClassErrorRow,
  ClassErrorSort,
  ConfusedPair,
  ConfusedPairPage,
  ImageErrorDetail,
  ImageErrorLabel,
  ImageErrorPage,
  LabelOutcome,
} from '../../../shared/api/evaluation'
import { ApiError } from '../../../shared/errors'
import { F2Accumulator, uniqueLabels } from '../../../shared/metric/f2'
import { selectLabels, type LabelPolicy, type Thresholds } from '../../../shared/metric/thresholds'
import type { ImageScoreRow } from '../../db/queries/predictions'

/** What an analysis is computed from: the tuning images a set scores, how rows are labelled, and class names. */
export interface AnalysisInput {
  scores: ReadonlyMap<string, readonly ImageScoreRow[]>
  truth: ReadonlyMap<string, readonly string[]>
  thresholds: Thresholds
  policy: LabelPolicy
  names: ReadonlyMap<string, string>
}

/** One analysed image: its F2 and its labels by outcome, each list best score first. */
interface AnalysedImage {
  imageId: string
  f2: number
  precision: number
  recall: number
  tp: string[]
  fp: string[]
  fn: string[]
  scores: Map<string, number>
}

/** Worst first: lowest F2, then most mistakes, then id. */
function worstFirst(a: AnalysedImage, b: AnalysedImage): number {
  return a.f2 - b.f2 || b.fp.length + b.fn.length - (a.fp.length + a.fn.length) || (a.imageId < b.imageId ? -1 : 1)
}

/** Ascending by one column's value (text by locale, numbers by value), ties by class code. */
export function byColumn<T extends { code: string }>(value: (row: T) => number | string): (a: T, b: T) => number {
  return (a, b) => {
    const x = value(a)
    const y = value(b)
    const primary = typeof x === 'string' ? x.localeCompare(y as string) : x - (y as number)
    return primary || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  }
}

/**
 * An error analysis of one prediction set on the tuning images it scores, computed once and paged from
 * memory: each image labelled as the Kaggle export would label it, its F2, its TP/FP/FN; the per-class
 * counts; the confused pairs. Memory is about the tuning images × their scores (1,000 × K: a megabyte),
 * whatever the size of the set; per-class image lists and sorted class tables are built on first use.
 */
export class ErrorAnalysis {
  readonly meanF2: number
  readonly images: readonly AnalysedImage[]
  readonly classes: readonly ClassErrorRow[]
  readonly pairs: readonly ConfusedPair[]
  readonly imagesWithFp: number
  readonly imagesWithFn: number
  private readonly byId = new Map<string, AnalysedImage>()
  private readonly byCode: ReadonlyMap<string, ClassErrorRow>
  private readonly sortedClasses = new Map<string, ClassErrorRow[]>()
  private readonly classImages = new Map<string, AnalysedImage[]>()
  private readonly names: ReadonlyMap<string, string>
  private readonly threshold: (code: string) => number
  private readonly ownThresholds: ReadonlyMap<string, number>

  constructor(
    input: AnalysisInput,
    readonly thresholdSummary: AnalysisThresholds,
  ) {
    const { names, thresholds } = input
    const threshold = (code: string) => thresholds.perClass.get(code) ?? thresholds.global
    this.names = names
    this.threshold = threshold
    this.ownThresholds = thresholds.perClass
    const metric = new F2Accumulator()
    const pairCounts = new Map<string, number>()
    const images: AnalysedImage[] = []
    for (const [imageId, truthLabels] of input.truth) {
      const scored = input.scores.get(imageId) ?? []
      const scores = new Map(scored.map(([code, score]) => [code, score] as const))
      const predicted = uniqueLabels(selectLabels(scored, thresholds, input.policy))
      const truth = uniqueLabels(truthLabels)
      const f2 = metric.addImage(predicted, truth)
      const tp = predicted.filter((code) => truth.includes(code))
      const fp = predicted.filter((code) => !truth.includes(code))
      const byScore = (a: string, b: string) => (scores.get(b) ?? -1) - (scores.get(a) ?? -1) || (a < b ? -1 : 1)
      const fn = truth.filter((code) => !predicted.includes(code)).sort(byScore)
      for (const a of fp) for (const b of fn) pairCounts.set(`${a} ${b}`, (pairCounts.get(`${a} ${b}`) ?? 0) + 1)
      const precision = predicted.length === 0 ? 0 : tp.length / predicted.length
      const recall = truth.length === 0 ? 0 : tp.length / truth.length
      const image: AnalysedImage = { imageId, f2, precision, recall, tp, fp, fn, scores }
      images.push(image)
      this.byId.set(imageId, image)
    }
    this.images = images.sort(worstFirst)
    const summary = metric.summary()
    this.meanF2 = summary.meanF2
    this.imagesWithFp = images.filter((image) => image.fp.length > 0).length
    this.imagesWithFn = images.filter((image) => image.fn.length > 0).length
    this.classes = summary.perClass.map((row) => ({
      ...row,
      name: names.get(row.code) ?? '',
      threshold: threshold(row.code),
      ownThreshold: thresholds.perClass.has(row.code),
    }))
    this.byCode = new Map(this.classes.map((row) => [row.code, row]))
    const named = (code: string) => ({ code, name: names.get(code) ?? '' })
    this.pairs = [...pairCounts]
      .map(([key, count]) => [key.split(' ') as [string, string], count] as const)
      .sort((a, b) => b[1] - a[1] || (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[0][1] < b[0][1] ? -1 : 1))
      .map(([[predicted, missed], images]) => ({ predicted: named(predicted), missed: named(missed), images }))
  }

  /** `limit` classes from `offset`, sorted by one column (ties by code). */
  classPage(sort: ClassErrorSort, descending: boolean, offset: number, limit: number): ClassErrorPage {
    const key = `${sort}:${descending}`
    let rows = this.sortedClasses.get(key)
    if (!rows) {
      const compare = byColumn<ClassErrorRow>((row) => row[sort])
      rows = [...this.classes].sort(descending ? (a, b) => compare(b, a) : compare)
      this.sortedClasses.set(key, rows)
    }
    return { total: rows.length, offset, items: rows.slice(offset, offset + limit) }
  }

  /** A class's row; for a class neither predicted nor true on the analysed images, zero counts and its threshold. */
  classRow(code: string): ClassErrorRow {
    const row = this.byCode.get(code)
    if (row) return row
    const zero = { support: 0, tp: 0, fp: 0, fn: 0, precision: 0, recall: 0, f2: 0 }
    return { code, name: this.names.get(code) ?? '', ...zero, threshold: this.threshold(code), ownThreshold: this.ownThresholds.has(code) }
  }

  /** `limit` images from `offset`, worst first: all of them, or those where the class has the given outcome. */
  imagePage(classCode: string | null, outcome: LabelOutcome, offset: number, limit: number): ImageErrorPage {
    const images = classCode === null ? this.images : this.imagesOf(classCode, outcome)
    return {
      total: images.length,
      offset,
      items: images.slice(offset, offset + limit).map(({ imageId, f2, tp, fp, fn }) => ({ imageId, f2, tp: tp.length, fp: fp.length, fn: fn.length })),
    }
  }

  /** `limit` confused pairs from `offset`, most images first. */
  pairPage(offset: number, limit: number): ConfusedPairPage {
    return { total: this.pairs.length, offset, items: this.pairs.slice(offset, offset + limit) }
  }

  /** One image's labels by outcome (TP, FP, FN; best score first within each); `not-found` if not analysed. */
  image(imageId: string): ImageErrorDetail {
    const image = this.byId.get(imageId)
    if (!image) throw new ApiError('not-found', `image ${imageId} is not among the tuning images this set scores`, 'imageId')
    const label = (outcome: LabelOutcome) => (code: string): ImageErrorLabel => ({
      code,
      name: this.names.get(code) ?? '',
      outcome,
      score: image.scores.get(code) ?? null,
      threshold: this.threshold(code),
    })
    const labels = [...image.tp.map(label('tp')), ...image.fp.map(label('fp')), ...image.fn.map(label('fn'))]
    return { imageId, f2: image.f2, precision: image.precision, recall: image.recall, labels }
  }

  private imagesOf(code: string, outcome: LabelOutcome): AnalysedImage[] {
    const key = `${outcome}:${code}`
    let images = this.classImages.get(key)
    if (!images) {
      images = this.images.filter((image) => image[outcome].includes(code))
      this.classImages.set(key, images)
    }
    return images
  }
}
