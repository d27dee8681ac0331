import { z } from 'zod'
import { classCodeSchema, imageIdSchema } from '../ids'
import { method } from './define'

/** A prediction set of the catalog, as the Errors page's picker lists it. */
export interface PredictionSetInfo {
  name: string
  /** `submission`: labels only (each scored 1); `scores`: a score per (image, class). */
  kind: 'submission' | 'scores'
  /** The file it was imported from, or what `oiw predict` wrote as its description. */
  file: string
  /** ISO time of the import. */
  createdAt: string
  /** Images with at least one row. */
  images: number
  rows: number
  /** Tuning images (split `tuning` with tuning labels) the set scores: what an analysis against `tuning` looks at. */
  tuningImages: number
  /** Images the set scores that have human-positive labels (e.g. a run's validation images): what `human` looks at. */
  humanImages: number
}

/**
 * The ground truth an analysis (and an export's threshold fit) uses: the tuning labels of the tuning images the
 * set scores, or the human-positive labels of any image it scores (a run's held-out validation images, say).
 */
export const truthKinds = ['tuning', 'human'] as const
export type TruthKind = (typeof truthKinds)[number]

/** One bad row or broken rule of a submission, with where it is (`file:line`). */
export interface SubmissionProblem {
  kind: string
  where: string
  message: string
}

/** Problems counted by kind, with the first few of them kept to show. */
export interface ProblemReport {
  total: number
  byKind: Record<string, number>
  /** The first 20 problems (or the first 20 of each kind, for a log made with `perKind`). */
  examples: SubmissionProblem[]
}

/** The verdict: `valid` unless a rule is broken. Warnings (duplicate labels in a row) do not make it invalid. */
export interface ValidationReport {
  file: string
  valid: boolean
  rows: number
  /** Broken rules by kind, the first 20 of each kind with file:line. */
  problems: ProblemReport
  warnings: ProblemReport
  /** How many known codes the classes file gave, and which kind of file it was. */
  classes?: { count: number; format: 'class-descriptions' | 'classes-trainable' }
  sampleIds?: number
}

/** Which thresholds label a row: per class only when they cross-validate better than the global one. */
export type AppliedThresholds = 'per-class' | 'global'

/** The fitted figures and what was written. F2s are means over the tuning images the set scores. */
export interface ExportReport {
  predictions: string
  kind: 'submission' | 'scores'
  tuningImages: number
  globalThreshold: number
  globalF2: number
  perClassF2: number
  /** Classes with a threshold of their own, by code. */
  perClassThresholds: Record<string, number>
  crossValidated: { folds: number; globalF2: number; perClassF2: number }
  applied: AppliedThresholds
  rows: number
  /** Rows with no scores at all, filled with the most frequent tuning labels. */
  filledRows: number
  /**
   * Images the set scores that are not rows of the file (not test images of the catalog, or not in the sample
   * when one was given): not written. `examples`: the ids of the first 5.
   */
  leftOut: { images: number; examples: string[] }
  file: string
  validation: ValidationReport
  /** What the export did about a test set that differs from the tuning images (absent: nothing). */
  adaptation?: ExportAdaptationReport
}

/** The export's answer to the train→test shift (`oiw export kaggle --prior-shift --decision --shrink`). */
export interface ExportAdaptationReport {
  priorShift: boolean
  decision: 'thresholds' | 'expected-f2'
  /** The pseudo-count per-class thresholds were pulled with toward their parent's (or the global) one; 0: none. */
  shrink: number
  shrinkTowardParents: boolean
  /** With prior shift: the estimate on the rows written (EM on their scores, no labels). */
  prior: {
    targetImages: number
    labelsPerImage: { tuning: number; estimatedTest: number }
    /** The Platt scaling fitted on the tuning labels: p = σ(a·logit(score) + b). */
    calibration: { a: number; b: number }
    /** The classes whose prior moved most: tuning (calibrated mean) and estimated on the test rows. */
    classes: Array<{ code: string; tuning: number; estimatedTest: number }>
  } | null
  /** With expected-F2 labels: their mean F2 on the tuning images, calibration 5-fold cross-validated. */
  expectedF2CrossValidated?: number | null
  /**
   * With hierarchy-consistent scores asked: whether they were applied (the catalog has a hierarchy and the tuning
   * labels follow it), how many tuning labels are of a class with a parent and the share of them whose image
   * has a parent labelled too. Null: not asked.
   */
  hierarchy?: { applied: boolean; catalogHasHierarchy: boolean; labelsWithParent: number; agreement: number } | null
}

/** How an analysis (and an export) labels the rows; every analysis method takes these to find its cached analysis. */
export const analysisFields = {
  /** The prediction set, by name. */
  set: z.string().min(1).max(200),
  /** The ground truth: `tuning` labels (the competition's), or `human` labels of the scored images. */
  truth: z.enum(truthKinds).default('tuning'),
  /** Fewest labels a row (rows left empty get the top-scoring labels). */
  minLabels: z.number().int().min(0).max(100).default(1),
  /** Most labels a row. */
  maxLabels: z.number().int().min(1).max(100).default(10),
  /** Tuning images a class needs for a threshold of its own. */
  minSupport: z.number().int().min(1).max(100_000).default(5),
  /** Null: fit as the Kaggle export does; a number: one global threshold, nothing fitted. */
  threshold: z.number().min(0).max(1).nullable().default(null),
}

const analysisSchema = z.object(analysisFields).strict()
export type AnalysisArgs = z.output<typeof analysisSchema>

/** The thresholds the analysis labelled rows with, and how they were chosen. */
export interface AnalysisThresholds {
  /** `fitted`: as `evaluation.exportKaggle` fits them; `manual`: the `threshold` argument. */
  source: 'fitted' | 'manual'
  global: number
  applied: AppliedThresholds
  /** Classes with a threshold of their own (0 unless applied is per-class). */
  perClassCount: number
  /** Tuning-set and cross-validated mean F2 of both policies; null for manual thresholds. */
  fit: { globalF2: number; perClassF2: number; crossValidated: { folds: number; globalF2: number; perClassF2: number } } | null
}

/** The head of an error analysis: the mean F2 over the tuning images the set scores, and the policy. */
export interface AnalysisSummary {
  set: string
  kind: 'submission' | 'scores'
  /** The ground truth analysed against. */
  truth: TruthKind
  /** Images with truth the set scores: the images analysed. */
  images: number
  /** Tuning images the set has no row for (not analysed; they would score 0). */
  unscoredTuningImages: number
  meanF2: number
  thresholds: AnalysisThresholds
  minLabels: number
  maxLabels: number
  /** Classes that are predicted or true on at least one analysed image. */
  classes: number
  /** Images with at least one false positive, and with at least one false negative. */
  imagesWithFp: number
  imagesWithFn: number
  /** Seconds the analysis took when it was computed (later calls are served from memory). */
  seconds: number
}

/** One class over the analysed images: counts of the metric's F2Accumulator, with its name and threshold. */
export interface ClassErrorRow {
  code: string
  name: string
  support: number
  tp: number
  fp: number
  fn: number
  precision: number
  recall: number
  f2: number
  /** The threshold its scores were cut at (its own, or the global one). */
  threshold: number
  ownThreshold: boolean
}

export const classErrorSorts = ['f2', 'precision', 'recall', 'support', 'tp', 'fp', 'fn', 'threshold', 'code', 'name'] as const
export type ClassErrorSort = (typeof classErrorSorts)[number]

export interface ClassErrorPage {
  total: number
  offset: number
  items: ClassErrorRow[]
}

/** What a label of an image turned out as: predicted and true, predicted only, true only. */
export const labelOutcomes = ['tp', 'fp', 'fn'] as const
export type LabelOutcome = (typeof labelOutcomes)[number]

/** One analysed image in the worst-first list. */
export interface ImageErrorRow {
  imageId: string
  f2: number
  tp: number
  fp: number
  fn: number
}

export interface ImageErrorPage {
  total: number
  offset: number
  items: ImageErrorRow[]
}

/** A class predicted but absent (`predicted`) on images where another was present but missed (`missed`). */
export interface ConfusedPair {
  predicted: { code: string; name: string }
  missed: { code: string; name: string }
  /** Images with both mistakes. */
  images: number
}

export interface ConfusedPairPage {
  total: number
  offset: number
  items: ConfusedPair[]
}

export interface ImageErrorLabel {
  code: string
  name: string
  outcome: LabelOutcome
  /** The set's score for the class on this image; null when the set has none (a missed class it never scored). */
  score: number | null
  threshold: number
}

/** One image's labels split into TP, FP and FN, best score first within each. */
export interface ImageErrorDetail {
  imageId: string
  f2: number
  precision: number
  recall: number
  labels: ImageErrorLabel[]
}

const page = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
}

/** Which figure of a compared class a sort reads: set A's, set B's, or the change from A to B. */
export const compareSides = ['a', 'b', 'change'] as const
export type CompareSide = (typeof compareSides)[number]

/** B − A of a class's counts, metrics and threshold. */
export type ClassChange = Pick<ClassErrorRow, 'support' | 'tp' | 'fp' | 'fn' | 'precision' | 'recall' | 'f2' | 'threshold'>

/**
 * One class in a comparison of two sets. A class one set's analysis lacks (neither predicted nor true on
 * the images it scores) counts zero there, with the threshold that set would cut it at.
 */
export interface ClassComparisonRow {
  code: string
  name: string
  a: ClassErrorRow
  b: ClassErrorRow
  change: ClassChange
}

/** Two sets compared class by class: each analysed exactly as `evaluation.analyze` does, then joined by class. */
export interface SetComparison {
  /** The head of set A's analysis (the set picked) and of B's (the one compared with). */
  a: AnalysisSummary
  b: AnalysisSummary
  /** Classes whose F2 went up, went down, or stayed the same from A to B. */
  better: number
  worse: number
  same: number
  /** Analysed images (those with truth) scored by both sets, by A only, by B only. */
  images: { both: number; onlyA: number; onlyB: number }
  /** The classes of either analysis, sorted by one column of one side (ties by code), a page of them. */
  classes: { total: number; offset: number; items: ClassComparisonRow[] }
}

export const evaluationMethods = {
  /** Every prediction set of the workspace, by name, with its counts (counted once per set and import). */
  'evaluation.listSets': method<PredictionSetInfo[]>()(z.object({}).strict()),
  /**
   * Analyses a set against the tuning labels: fits thresholds as the Kaggle export does (or takes the
   * given one), labels every tuning image the set scores, and keeps the result in memory for the paging
   * methods below, which take the same arguments. Seconds on 1,000 tuning images; then cached.
   */
  'evaluation.analyze': method<AnalysisSummary>()(analysisSchema),
  /** The per-class table of an analysis, sorted by one column (ties by code), `limit` rows from `offset`. */
  'evaluation.classes': method<ClassErrorPage>()(
    z.object({ ...analysisFields, ...page, sort: z.enum(classErrorSorts).default('f2'), descending: z.boolean().default(false) }).strict(),
  ),
  /**
   * The analysed images worst first (F2 ascending, then most mistakes, then id), all or only those where
   * `classCode` is a false positive, false negative or true positive (`outcome`).
   */
  'evaluation.images': method<ImageErrorPage>()(
    z
      .object({ ...analysisFields, ...page, classCode: classCodeSchema.nullable().default(null), outcome: z.enum(labelOutcomes).default('fp') })
      .strict(),
  ),
  /** Pairs (predicted-but-absent class, present-but-missed class) by the images that have both, most first. */
  'evaluation.confusions': method<ConfusedPairPage>()(z.object({ ...analysisFields, ...page }).strict()),
  /** One analysed image's TP, FP and FN labels with their scores; `not-found` for an image not analysed. */
  'evaluation.image': method<ImageErrorDetail>()(z.object({ ...analysisFields, imageId: imageIdSchema }).strict()),
  /**
   * Compares set A (`set`) with set B (`compareWith`) class by class on the same truth and label policy: each
   * set analysed and its thresholds fitted exactly as `evaluation.analyze` does (and served from the same
   * cache), then joined by class code with the change B − A. Sorted by `sort` of side `side` (`name` and
   * `code` ignore the side), `limit` classes from `offset`. Seconds for a set not analysed yet.
   */
  'evaluation.compareSets': method<SetComparison>()(
    z
      .object({
        ...analysisFields,
        /** Set B, by name. */
        compareWith: analysisFields.set,
        ...page,
        sort: z.enum(classErrorSorts).default('f2'),
        side: z.enum(compareSides).default('change'),
        descending: z.boolean().default(false),
      })
      .strict(),
  ),
  /**
   * Writes a Kaggle submission of the set into `<workspace>/exports/<name>.csv` as `oiw export kaggle`
   * does (every test image of the catalog once, known codes, empty rows filled), validates it, and
   * returns the report and the path. Thresholds are always fitted (`threshold` is ignored).
   */
  'evaluation.exportKaggle': method<{ path: string; report: ExportReport }>()(
    z
      .object({
        ...analysisFields,
        /** The file name without `.csv`: letters, digits, `.`, `_`, `-`; default the set's name made safe. */
        name: z.string().regex(/^[A-Za-z0-9][\w.-]{0,99}$/, 'a file name of letters, digits, ".", "_" and "-"').nullable().default(null),
      })
      .strict(),
  ),
}
