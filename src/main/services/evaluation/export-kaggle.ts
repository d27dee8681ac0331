import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type { ExportReport, TruthKind } from '../../../shared/api/evaluation'
import { ApiError } from '../../../shared/errors'
import { selectLabels, type FitOptions, type ImageTruth } from '../../../shared/metric/thresholds'
import type { Db } from '../../db/connection'
import { getPredictionSet, ImageScoresReader, imageRowIds, readTestImages, type PredictionSetRecord } from '../../db/queries/predictions'
import { streamCsv } from '../catalog/csv-stream'
import { fitPolicy, mostFrequentLabels, readTuningScores, resolveFitOptions, type FittedPolicy } from './fit-policy'
import { validateSubmission } from './validate-submission'

export type { ExportReport } from '../../../shared/api/evaluation'

/** What `exportKaggle` reads and how it picks labels. */
export interface ExportOptions extends Partial<FitOptions> {
  /** The prediction set to export. */
  predictions: string
  out: string
  /** A sample submission: its ids, each once, are the rows; else every test image of the catalog. */
  sample?: string
  /** Cross-validation folds (default 5). */
  folds?: number
  /** The truth thresholds are fitted on (default the tuning labels). */
  truth?: TruthKind
}

/** Bytes of rows gathered before one write to the file. */
const chunkBytes = 1 << 16

/** The ids of a sample submission, each once, in its order (a header row is skipped). */
export async function readSampleIds(file: string): Promise<string[]> {
  const ids = new Set<string>()
  await streamCsv(file, { onRow: (fields, _count, line) => (line === 1 && fields[0] === 'image_id' ? undefined : void ids.add(fields[0]!)) })
  return [...ids]
}

/**
 * Writes a Kaggle submission from a prediction set: fits a global and per-class thresholds on the tuning
 * images the set scores, with 5-fold cross-validated F2s; applies the per-class thresholds only when they
 * cross-validate better than the global one (else the global one) with the min/max labels policy, fills rows
 * without scores with the most frequent tuning labels, then validates the file (against the sample when given).
 * Holds the tuning images' scores only; every other row is read from the catalog and written as it goes.
 */
export async function exportKaggle(db: Db, options: ExportOptions): Promise<ExportReport> {
  const fit = resolveFitOptions(options)
  const set = getPredictionSet(db, options.predictions)
  const tuning = readTuningScores(db, set.id, options.truth ?? 'tuning')
  const policy = fitPolicy(tuning.scores, tuning.truth, fit, set.name, options.folds ?? 5)
  return writeKaggleSubmission(db, set, tuning.truth, policy, options.out, options.sample)
}

/**
 * Streams the submission of a set with fitted thresholds into `out`: one row per id of the sample (or per test
 * image of the catalog, by id), each image's scores read through the predictions primary key, rows written in
 * 64 KB chunks with back-pressure. Then validates it; a file that does not validate is an `internal` error.
 * 100 k test images × 20 scores: a few seconds, memory bounded by the ids.
 */
export async function writeKaggleSubmission(
  db: Db,
  set: PredictionSetRecord,
  truth: ImageTruth,
  policy: FittedPolicy,
  out: string,
  sample?: string,
): Promise<ExportReport> {
  const sampleIds = sample === undefined ? null : await readSampleIds(sample)
  const rows: Array<[number | undefined, string]> =
    sampleIds === null
      ? readTestImages(db)
      : ((known) => sampleIds.map((id): [number | undefined, string] => [known.get(id), id]))(imageRowIds(db, sampleIds))
  const reader = new ImageScoresReader(db, set.id)
  const fallback = mostFrequentLabels(truth, Math.max(1, policy.fit.minLabels))
  const output = createWriteStream(out)
  const failed = new Promise<never>((_, reject) => output.once('error', reject))
  const write = async (text: string) => {
    if (!output.write(text)) await Promise.race([once(output, 'drain'), failed])
  }
  let filledRows = 0
  let chunk = 'image_id,labels\n'
  for (const [rowId, id] of rows) {
    const scores = rowId === undefined ? [] : reader.read(rowId)
    if (scores.length === 0) filledRows++
    const labels = scores.length === 0 ? fallback : selectLabels(scores, policy.thresholds, policy.fit)
    chunk += `${id},${labels.join(' ')}\n`
    if (chunk.length >= chunkBytes) {
      await write(chunk)
      chunk = ''
    }
  }
  await write(chunk)
  output.end()
  await Promise.race([once(output, 'finish'), failed])
  const validation = await validateSubmission(out, sample === undefined ? {} : { sample })
  if (!validation.valid) throw new ApiError('internal', `the written submission ${out} does not validate: ${JSON.stringify(validation.problems.byKind)}`)
  const { fitted, crossValidated, applied } = policy
  return {
    predictions: set.name, kind: set.kind, tuningImages: truth.size,
    globalThreshold: fitted.global, globalF2: fitted.globalF2, perClassF2: fitted.perClassF2,
    perClassThresholds: Object.fromEntries([...fitted.perClass].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
    crossValidated, applied, rows: rows.length, filledRows, file: out, validation,
  }
}
