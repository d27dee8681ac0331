import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type { ExportReport, TruthKind } from '../../../shared/api/evaluation'
import { ApiError } from '../../../shared/errors'
import { selectLabels, type FitOptions, type ImageTruth } from '../../../shared/metric/thresholds'
import type { Db } from '../../db/connection'
import { getPredictionSet, ImageScoresReader, imageRowIds, readTestImages, imageKeyOf, scoredImageIds, type PredictionSetRecord } from '../../db/queries/predictions'
import { streamCsv } from '../catalog/csv-stream'
import { fitPolicy, mostFrequentLabels, readTuningScores, resolveFitOptions, type FittedPolicy } from './fit-policy'
import { adaptExport, type ExportAdaptation } from './shift-export'
import { selectExpectedF2 } from '../../../shared/metric/expected-f2'
import { validateSubmission } from './validate-submission'

export type { ExportReport } from '../../../shared/api/evaluation'

/** What `exportKaggle` reads and how it picks labels. */
export interface ExportOptions extends Partial<FitOptions> {
  /** The prediction set to export. */
  predictions: string
  out: string
  /**
   * A sample submission: its ids, each once, are the rows; else every test image of the catalog (split `test` or
   * `tuning`). Images the set scores that are not rows are left out, counted in the report's `leftOut`.
   */
  sample?: string
  /** Cross-validation folds (default 5). */
  folds?: number
  /** The truth thresholds are fitted on (default the tuning labels). */
  truth?: TruthKind
  /** What to do about a test set that differs from the tuning images (shift-export.ts); default nothing. */
  adaptation?: ExportAdaptation
}

/** Bytes of rows gathered before one write to the file. */
const chunkBytes = 1 << 16
/** Ids of left-out images the report names. */
const leftOutExamples = 5

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
  const a = options.adaptation
  if (!a || (!a.priorShift && a.decision === 'thresholds' && a.shrink === 0 && !a.hierarchy)) {
    const policy = fitPolicy(tuning.scores, tuning.truth, fit, set.name, options.folds ?? 5)
    return writeKaggleSubmission(db, set, tuning.truth, policy, options.out, options.sample)
  }
  if (tuning.truth.size === 0) throw new ApiError('bad-input', `prediction set ${set.name} scores none of the tuning images: nothing to fit thresholds on`, 'set')
  const rows = await submissionRows(db, options.sample)
  // the prior is estimated on the rows to be written: every one's scores are read once, up front
  const target = new Map<string, ReturnType<ImageScoresReader['read']>>()
  if (a.priorShift) {
    const reader = new ImageScoresReader(db, set.id)
    for (const [rowId, id] of rows) if (rowId !== undefined && !target.has(id)) target.set(id, reader.read(rowId))
  }
  const adapted = adaptExport(db, tuning, target, fit, a)
  const policy = fitPolicy(adapted.tuningScores, tuning.truth, adapted.fit, set.name, options.folds ?? 5)
  const label = (id: string, stored: ReadonlyArray<readonly [string, number]>) => {
    const scores = adapted.rowScores(id, stored)
    return a.decision === 'expected-f2' ? selectExpectedF2(scores, policy.fit) : selectLabels(scores, policy.thresholds, policy.fit)
  }
  const report = await writeKaggleSubmission(db, set, tuning.truth, policy, options.out, options.sample, { rows, label })
  return { ...report, adaptation: adapted.report }
}

/** The rows of a submission: the sample's ids, each once, in its order (or every test image of the catalog), with their catalog ids. */
async function submissionRows(db: Db, sample: string | undefined): Promise<Array<[number | undefined, string]>> {
  if (sample === undefined) return readTestImages(db)
  const ids = await readSampleIds(sample)
  const known = imageRowIds(db, ids)
  return ids.map((id) => [known.get(id), id])
}

/**
 * Streams the submission of a set with fitted thresholds into `out`: one row per id of the sample (or per test
 * image of the catalog, by id), each image's scores read through the predictions primary key, rows written in
 * 64 KB chunks with back-pressure; the images the set scores besides are left out and counted. Then validates
 * it; a file that does not validate is an `internal` error.
 * 100 k test images × 20 scores: a few seconds, memory bounded by the ids.
 */
export async function writeKaggleSubmission(
  db: Db,
  set: PredictionSetRecord,
  truth: ImageTruth,
  policy: FittedPolicy,
  out: string,
  sample?: string,
  labelled?: { rows: Array<[number | undefined, string]>; label: (id: string, stored: ReadonlyArray<readonly [string, number]>) => string[] },
): Promise<ExportReport> {
  const rows = labelled?.rows ?? (await submissionRows(db, sample))
  const labelOf = labelled?.label ?? ((_: string, stored: ReadonlyArray<readonly [string, number]>) => selectLabels(stored, policy.thresholds, policy.fit))
  const reader = new ImageScoresReader(db, set.id)
  const fallback = mostFrequentLabels(truth, Math.max(1, policy.fit.minLabels))
  const output = createWriteStream(out)
  const failed = new Promise<never>((_, reject) => output.once('error', reject))
  const write = async (text: string) => {
    if (!output.write(text)) await Promise.race([once(output, 'drain'), failed])
  }
  let filledRows = 0
  let chunk = 'image_id,labels\n'
  const written = new Set<number>()
  for (const [rowId, id] of rows) {
    if (rowId !== undefined) written.add(rowId)
    const scores = rowId === undefined ? [] : reader.read(rowId)
    if (scores.length === 0) filledRows++
    const labels = scores.length === 0 ? fallback : labelOf(id, scores)
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
    crossValidated, applied, rows: rows.length, filledRows, leftOut: leftOutImages(db, set.id, written), file: out, validation,
  }
}

/** The images the set scores that are not among the rows written: how many, and the ids of the first few. */
function leftOutImages(db: Db, setId: number, written: ReadonlySet<number>): ExportReport['leftOut'] {
  const ids: number[] = []
  let images = 0
  for (const id of scoredImageIds(db, setId)) {
    if (written.has(id)) continue
    images++
    if (ids.length < leftOutExamples) ids.push(id)
  }
  return { images, examples: ids.map((id) => imageKeyOf(db, id)!) }
}
