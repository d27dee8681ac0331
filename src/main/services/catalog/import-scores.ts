import { decimalField } from './decimal-field'
import type { FileImportReport } from '../../../shared/api/index'
import { classCodePattern, imageIdPattern } from '../../../shared/ids'
import { BatchInsert } from '../../db/batch-insert'
import { datasetFiles } from './dataset-files'
import { importCsv, type ImportTick } from './import-csv'
import { skipRow, type ImportContext } from './import-context'

/**
 * A scores CSV (`image_id,label_code,score`, header, score in 0..1) as a named prediction set of kind
 * `scores`, for fitting thresholds. Importing a set of the same name again replaces it; a repeated
 * (image, class) pair keeps its first score. New image ids become images of split `test`.
 */
export async function importScores(ctx: ImportContext, file: string, report: FileImportReport, tick: ImportTick, name: string): Promise<void> {
  ctx.db.prepare('DELETE FROM prediction_sets WHERE name = ?').run(name)
  const setId = Number(
    ctx.db
      .prepare("INSERT INTO prediction_sets (name, kind, file, created_at) VALUES (?, 'scores', ?, ?)")
      .run(name, file, new Date().toISOString()).lastInsertRowid,
  )
  const insert = new BatchInsert(ctx.db, 'predictions', ['set_id', 'image_id', 'class_id', 'score'], 'INSERT OR IGNORE')
  await importCsv(file, datasetFiles.scores.header, report, tick, (fields, count, line) => {
    if (count !== 3) return skipRow(report, 'column-count', line, `expected image_id,label_code,score, found ${count} fields`)
    const [imageKey, code, text] = fields as [string, string, string]
    if (!imageIdPattern.test(imageKey)) return skipRow(report, 'bad-image-id', line, `image_id ${JSON.stringify(imageKey.slice(0, 40))} is not a hex image id`)
    if (!classCodePattern.test(code)) return skipRow(report, 'bad-class-code', line, `${JSON.stringify(code.slice(0, 40))} is not a label code`)
    const score = decimalField(text)
    if (!Number.isFinite(score)) return skipRow(report, 'bad-number', line, `score ${JSON.stringify(text.slice(0, 40))} is not a decimal number`)
    if (score < 0 || score > 1) return skipRow(report, 'out-of-range', line, `score ${score} is outside 0..1`)
    insert.add(setId, ctx.imageId(imageKey, 'test'), ctx.classId(code), score)
    report.rows++
  })
  insert.flush()
  ctx.flush()
}
