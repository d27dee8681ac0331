import { z } from 'zod'
import { classCodeSchema } from '../ids'
import { samplingSchemes } from '../sampling'
import { method } from './define'

/** One class with its counts, as the explore page's class table shows it. */
export interface ClassStatsRow {
  code: string
  name: string
  /** 1-based rank by human-positive images (ties by name). */
  rank: number
  humanPositive: number
  humanNegative: number
  /** Images with a machine label of the class at or above the chosen confidence (0.1 steps). */
  machine: number
  boxes: number
  boxImages: number
  tuning: number
  /** humanPositive / images with any human-positive label. */
  share: number
  boxable: boolean
  trainable: boolean
}

export interface ClassStatsPage {
  total: number
  items: ClassStatsRow[]
}

export const statsSources = ['human', 'machine', 'boxes', 'tuning'] as const
export type StatsSource = (typeof statsSources)[number]

/** Frequency against rank for one source: every class with a non-zero count, most frequent first. */
export interface LongTail {
  source: StatsSource
  points: Array<{ code: string; name: string; rank: number; count: number }>
}

/** How many images have n labels (human-positive or tuning), n = 0, 1, 2, … (the last bin holds ≥ its n). */
export interface LabelsPerImage {
  source: 'human' | 'tuning'
  bins: Array<{ labels: number; images: number }>
  mean: number
}

export interface RelatedClass {
  code: string
  name: string
  /** Images with both classes (human-positive). */
  images: number
  /** P(a,b) / (P(a) P(b)). */
  lift: number
  /** log2(lift). */
  pmi: number
}

export interface ClassDetail {
  row: ClassStatsRow
  /** Machine labels of the class by confidence band: band b holds [b/10, (b+1)/10), band 9 includes 1. */
  confidenceBands: number[]
  /** Per band, machine labels a human also verified: present (1) or absent (0). */
  agreement: Array<{ band: number; verifiedPresent: number; verifiedAbsent: number }>
  topByCount: RelatedClass[]
  topByLift: RelatedClass[]
  /** From the root down to the class's parent (subcategory edges). */
  ancestors: Array<{ code: string; name: string }>
  children: Array<{ code: string; name: string }>
  parts: Array<{ code: string; name: string }>
}

export interface Cooccurrence {
  classes: Array<{ code: string; name: string; images: number }>
  /** images[i][j]: images with human-positive labels of both class i and class j (diagonal: of class i). */
  images: number[][]
}

export interface ShiftRow {
  code: string
  name: string
  trainImages: number
  otherImages: number
  /** Share of each side's labelled images that carry the class. */
  trainShare: number
  otherShare: number
  /** otherShare − trainShare. */
  change: number
  /** The class's estimated share of the test images (see EstimatedTestPrior); absent where none was estimated. */
  estimatedTestShare?: number
}

/**
 * The class prior of the test images a prediction set scores, estimated without their labels: the set's scores
 * calibrated on the tuning labels, then EM per class (Saerens et al. 2002). As good as the calibration: on
 * images from contexts training never saw the scores run high, and so does the estimate. Or why there is none.
 */
export type EstimatedTestPrior =
  | {
      estimated: true
      /** Test images other than the tuning images that the set scores: what the prior is estimated on. */
      testImages: number
      tuningImages: number
      labelsPerImage: { tuning: number; estimatedTest: number }
    }
  | { estimated: false; reason: string }

export interface Shift {
  /** What training is compared with: the tuning set or a prediction set's name. */
  against: string
  rows: ShiftRow[]
  /** Classes with images in training and none on the other side, and the reverse. */
  onlyInTrain: number
  onlyInOther: number
  /** Spearman's rank correlation of the per-class frequencies (classes present on either side). */
  rankCorrelation: number
  /** Jensen–Shannon divergence (base 2, 0..1) of the two class distributions. */
  jensenShannon: number
  labelsPerImage: { train: number; other: number }
  /** Only against a prediction set; the rows carry its per-class shares. */
  estimatedTestPrior?: EstimatedTestPrior
}

export interface SamplingPreview {
  scheme: (typeof samplingSchemes)[number]
  rows: Array<{ code: string; name: string; images: number; naturalShare: number; expectedShare: number }>
}

/** Rounded down to a step of 0.1 by the server (machine labels are counted in bands of 0.1). */
const confidenceStep = z.number().min(0).max(1).default(0.5)

export const statsMethods = {
  /**
   * The class table: every class with its counts, filtered by `query` (name or code contains),
   * sorted, paged by offset (the table is virtualized). `minMachineConfidence` in steps of 0.1.
   */
  'stats.classTable': method<ClassStatsPage>()(
    z
      .object({
        query: z.string().max(200).default(''),
        sort: z.enum(['rank', 'name', 'humanPositive', 'humanNegative', 'machine', 'boxes', 'tuning']).default('rank'),
        descending: z.boolean().default(false),
        minMachineConfidence: confidenceStep,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
  ),
  /** Frequency against rank for one source, every class with a non-zero count (up to 20 k points). */
  'stats.longTail': method<LongTail>()(z.object({ source: z.enum(statsSources) }).strict()),
  /** The histogram of labels per image. */
  'stats.labelsPerImage': method<LabelsPerImage>()(z.object({ source: z.enum(['human', 'tuning']).default('human') }).strict()),
  /** Everything about one class: counts, machine confidences and their agreement with humans, related classes, hierarchy. */
  'stats.classDetail': method<ClassDetail>()(z.object({ classCode: classCodeSchema, top: z.number().int().min(1).max(100).default(20) }).strict()),
  /** Co-occurrence of the `top` most frequent classes (human-positive), or of the classes given. */
  'stats.cooccurrence': method<Cooccurrence>()(
    z.object({ top: z.number().int().min(2).max(200).default(50), classCodes: z.array(classCodeSchema).min(2).max(200).nullable().default(null) }).strict(),
  ),
  /**
   * Training's label distribution against the tuning set or a prediction set, the classes whose share changes
   * most first, `limit` rows. Against a prediction set, also the estimated test prior (read once per set and
   * import: one pass over the set's scores of the test images, then cached).
   */
  'stats.shift': method<Shift>()(
    z.object({ against: z.string().min(1).max(200).default('tuning'), limit: z.number().int().min(1).max(5000).default(500) }).strict(),
  ),
  /** The expected class distribution per epoch under a weighting scheme: the very weights the trainer uses. */
  'stats.samplingPreview': method<SamplingPreview>()(
    z.object({ scheme: z.enum(samplingSchemes).default('none'), beta: z.number().min(0).max(0.99999).default(0.999), limit: z.number().int().min(1).max(5000).default(200) }).strict(),
  ),
}
