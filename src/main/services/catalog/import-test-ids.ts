import { basename } from 'node:path'
import type { FileImportReport } from '../../../shared/api/index'
import { imageIdPattern } from '../../../shared/ids'
import { BatchInsert } from '../../db/batch-insert'
import { datasetFiles } from './dataset-files'
import { importCsv, type ImportTick } from './import-csv'
import { imageLabelsRow, skipRow, type ImportContext } from './import-context'

/** The sample submission (`image_id,labels`): every test image id, as images of split `test` (tuning images keep theirs). */
export async function importSampleSubmission(ctx: ImportContext, file: string, report: FileImportReport, tick: ImportTick): Promise<void> {
  await importCsv(file, datasetFiles['sample-submission'].header, report, tick, (fields, count, line) => {
    const imageKey = fields[0]!
    if (count !== 2) return skipRow(report, 'column-count', line, `expected image_id,labels, found ${count} fields`)
    if (!imageIdPattern.test(imageKey)) return skipRow(report, 'bad-image-id', line, `image_id ${JSON.stringify(imageKey)} is not a hex image id`)
    ctx.imageId(imageKey, 'test')
    report.rows++
  })
  ctx.flush()
}

/** The prediction set's name: the one given, else the file's name without `.csv`. */
export function predictionSetName(file: string, name?: string): string {
  return name ?? basename(file).replace(/\.csv$/i, '')
}

/**
 * A submission CSV (`image_id,labels`, labels space separated) as a named prediction set, each label
 * with score 1. Importing a set of the same name again replaces it.
 */
export async function importSubmission(ctx: ImportContext, file: string, report: FileImportReport, tick: ImportTick, name: string): Promise<void> {
  ctx.db.prepare('DELETE FROM prediction_sets WHERE name = ?').run(name)
  const setId = Number(
    ctx.db
      .prepare("INSERT INTO prediction_sets (name, kind, file, created_at) VALUES (?, 'submission', ?, ?)")
      .run(name, file, new Date().toISOString()).lastInsertRowid,
  )
  const insert = new BatchInsert(ctx.db, 'predictions', ['set_id', 'image_id', 'class_id', 'score'], 'INSERT OR IGNORE')
  await importCsv(file, datasetFiles.submission.header, report, tick, (fields, count, line) => {
    const row = imageLabelsRow(report, fields, count, line)
    if (!row) return
    const { imageKey, codes } = row
    const imageId = ctx.imageId(imageKey, 'test')
    for (const code of codes) insert.add(setId, imageId, ctx.classId(code), 1)
    report.rows++
  })
  insert.flush()
  ctx.flush()
}
