import { basename } from 'node:path'
import type { FileImportReport } from '../../../shared/api/index'
import { imageIdPattern } from '../../../shared/ids'
import { BatchInsert } from '../../db/batch-insert'
import { replaceSampleImages } from '../../db/queries/sample-images'
import { datasetFiles } from './dataset-files'
import { dropMembership } from './drop-membership'
import { importCsv, type ImportTick } from './import-csv'
import { imageLabelsRow, scoredImage, skipRow, type ImportContext } from './import-context'

/**
 * The sample submission (`image_id,labels`): every test image id. New ids become images of split `test`; an
 * image in no split (left so by an earlier import) becomes a test image again, tuning images stay tuning ones
 * and a training image stays one. Importing a sample again (the same path) replaces the test ids it brought: an
 * image it names no more, that no other sample names, stops being a test image (dropMembership). All of it
 * runs in the file's one transaction, as every import does (run-index.ts).
 */
export async function importSampleSubmission(ctx: ImportContext, file: string, report: FileImportReport, tick: ImportTick): Promise<void> {
  const named: number[] = []
  await importCsv(file, datasetFiles['sample-submission'].header, report, tick, (fields, count, line) => {
    const imageKey = fields[0]!
    if (count !== 2) return skipRow(report, 'column-count', line, `expected image_id,labels, found ${count} fields`)
    if (!imageIdPattern.test(imageKey)) return skipRow(report, 'bad-image-id', line, `image_id ${JSON.stringify(imageKey)} is not a hex image id`)
    named.push(ctx.imageId(imageKey, 'test'))
    report.rows++
  })
  ctx.flush()
  const dropped = dropMembership(ctx, replaceSampleImages(ctx.db, file, named), 'test')
  if (dropped) report.testIdsDropped = dropped
}

/** The prediction set's name: the one given, else the file's name without `.csv`. */
export function predictionSetName(file: string, name?: string): string {
  return name ?? basename(file).replace(/\.csv$/i, '')
}

/**
 * A submission CSV (`image_id,labels`, labels space separated) as a named prediction set, each label
 * with score 1. Importing a set of the same name again replaces it. Rows of an image the catalog does not
 * hold are skipped as `unknown-image`: a submission never adds an image.
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
    const imageId = scoredImage(ctx, report, imageKey, line)
    if (imageId === undefined) return
    for (const code of codes) insert.add(setId, imageId, ctx.classId(code), 1)
    report.rows++
  })
  insert.flush()
  ctx.flush()
}
