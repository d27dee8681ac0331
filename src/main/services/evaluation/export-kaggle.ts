import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { ApiError } from '../../../shared/errors'
import { crossValidate, defaultFitOptions, fitThresholds, selectLabels, type FitOptions, type Thresholds } from '../../../shared/metric/thresholds'
import type { Db } from '../../db/connection'
import { streamCsv } from '../catalog/csv-stream'
import { readPredictionScores, readTestImageIds, readTuningTruth } from './prediction-scores'
import { validateSubmission, type ValidationReport } from './validate-submission'

/** What `exportKaggle` reads and how it picks labels. */
export interface ExportOptions extends Partial<FitOptions> {
  /** The prediction set to export. */
  predictions: string
  out: string
  /** A sample submission: its ids, each once, are the rows; else every test image of the catalog. */
  sample?: string
  /** Cross-validation folds (default 5). */
  folds?: number
}

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
  /** Which thresholds the file was written with: per class only when they cross-validate better. */
  applied: 'per-class' | 'global'
  rows: number
  /** Rows with no scores at all, filled with the most frequent tuning labels. */
  filledRows: number
  file: string
  validation: ValidationReport
}

async function readSampleIds(file: string): Promise<string[]> {
  const ids = new Set<string>()
  await streamCsv(file, { onRow: (fields, _count, line) => (line === 1 && fields[0] === 'image_id' ? undefined : void ids.add(fields[0]!)) })
  return [...ids]
}

/** The most frequent tuning labels, for rows the set does not score. */
function mostFrequent(truth: Map<string, string[]>, count: number): string[] {
  const counts = new Map<string, number>()
  for (const labels of truth.values()) for (const code of labels) counts.set(code, (counts.get(code) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, count).map(([code]) => code)
}

/**
 * Writes a Kaggle submission from a prediction set: fits a global and per-class thresholds on the tuning
 * images the set scores, with 5-fold cross-validated F2s; applies the per-class thresholds only when they
 * cross-validate better than the global one (else the global one) with the min/max labels policy, fills rows without scores with the most frequent tuning
 * labels, then validates the file (against the sample when given). Holds the set's scores in memory.
 */
export async function exportKaggle(db: Db, options: ExportOptions): Promise<ExportReport> {
  const fit: FitOptions = {
    minLabels: options.minLabels ?? defaultFitOptions.minLabels,
    maxLabels: options.maxLabels ?? defaultFitOptions.maxLabels,
    minSupport: options.minSupport ?? defaultFitOptions.minSupport,
    passes: options.passes ?? defaultFitOptions.passes,
  }
  if (fit.minLabels < 0 || fit.maxLabels < Math.max(1, fit.minLabels)) {
    throw new ApiError('invalid-argument', `need 0 ≤ min labels ≤ max labels and max labels ≥ 1 (got ${fit.minLabels}, ${fit.maxLabels})`)
  }
  const { kind, scores } = readPredictionScores(db, options.predictions)
  const truth = new Map([...readTuningTruth(db)].filter(([image]) => scores.has(image)))
  if (truth.size === 0) throw new ApiError('bad-input', `prediction set ${options.predictions} scores none of the tuning images: nothing to fit thresholds on`)
  const fitted = fitThresholds(scores, truth, fit)
  const crossValidated = crossValidate(scores, truth, fit, options.folds ?? 5)
  // Per-class thresholds fit the tuning set better by construction; use them only when held-out folds agree.
  const applied = crossValidated.perClassF2 > crossValidated.globalF2 ? 'per-class' : 'global'
  const thresholds: Thresholds = applied === 'per-class' ? fitted : { global: fitted.global, perClass: new Map() }
  const ids = options.sample === undefined ? readTestImageIds(db) : await readSampleIds(options.sample)
  const fallback = mostFrequent(truth, Math.max(1, fit.minLabels))
  const output = createWriteStream(options.out)
  let filledRows = 0
  const write = async (text: string) => {
    if (!output.write(text)) await once(output, 'drain')
  }
  await write('image_id,labels\n')
  for (const id of ids) {
    const row = scores.get(id)
    if (row === undefined) filledRows++
    const labels = row === undefined ? fallback : selectLabels(row, thresholds, fit)
    await write(`${id},${labels.join(' ')}\n`)
  }
  output.end()
  await once(output, 'finish')
  const validation = await validateSubmission(options.out, options.sample === undefined ? {} : { sample: options.sample })
  if (!validation.valid) throw new ApiError('internal', `the written submission ${options.out} does not validate: ${JSON.stringify(validation.problems.byKind)}`)
  return {
    predictions: options.predictions, kind, tuningImages: truth.size,
    globalThreshold: fitted.global, globalF2: fitted.globalF2, perClassF2: fitted.perClassF2,
    perClassThresholds: Object.fromEntries([...fitted.perClass].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
    crossValidated, applied, rows: ids.length, filledRows, file: options.out, validation,
  }
}
