import { decimalField } from './decimal-field'
import type { FileImportReport } from '../../../shared/api/index'
import { classCodePattern, imageIdPattern } from '../../../shared/ids'
import { BatchInsert } from '../../db/batch-insert'
import { countPredictions } from '../../db/queries/stored-rows'
import { datasetFiles } from './dataset-files'
import { RepeatedPairs } from './duplicate-rows'
import { importCsv, type ImportTick } from './import-csv'
import { scoredImage, skipRow, type ImportContext } from './import-context'

/**
 * A scores CSV (`image_id,label_code,score`, header, score in 0..1) as a named prediction set of kind
 * `scores`, for fitting thresholds. Importing a set of the same name again replaces it; a repeated
 * (image, class) pair keeps its first score (counted in the report's duplicates, not its rows). Rows
 * of an image the catalog does not hold are skipped as `unknown-image`: a scores file never adds an image.
 */
export async function importScores(ctx: ImportContext, file: string, report: FileImportReport, tick: ImportTick, name: string): Promise<void> {
  ctx.db.prepare('DELETE FROM prediction_sets WHERE name = ?').run(name)
  const setId = Number(
    ctx.db
      .prepare("INSERT INTO prediction_sets (name, kind, file, created_at) VALUES (?, 'scores', ?, ?)")
      .run(name, file, new Date().toISOString()).lastInsertRowid,
  )
  const insert = new BatchInsert(ctx.db, 'predictions', ['set_id', 'image_id', 'class_id', 'score'], 'INSERT OR IGNORE')
  const pairs = new RepeatedPairs(report, 'image_id,label_code', 'first')
  await importCsv(file, datasetFiles.scores.header, report, tick, (fields, count, line) => {
    if (count !== 3) return skipRow(report, 'column-count', line, `expected image_id,label_code,score, found ${count} fields`)
    const [imageKey, code, text] = fields as [string, string, string]
    if (!imageIdPattern.test(imageKey)) return skipRow(report, 'bad-image-id', line, `image_id ${JSON.stringify(imageKey.slice(0, 40))} is not a hex image id`)
    if (!classCodePattern.test(code)) return skipRow(report, 'bad-class-code', line, `${JSON.stringify(code.slice(0, 40))} is not a label code`)
    const score = decimalField(text)
    if (!Number.isFinite(score)) return skipRow(report, 'bad-number', line, `score ${JSON.stringify(text.slice(0, 40))} is not a decimal number`)
    if (score < 0 || score > 1) return skipRow(report, 'out-of-range', line, `score ${score} is outside 0..1`)
    const imageId = scoredImage(ctx, report, imageKey, line)
    if (imageId === undefined) return
    const classId = ctx.classId(code)
    if (pairs.repeats(imageId, classId, line, score)) return pairs.note(line, score, 'score', () => `${imageKey},${code}`)
    insert.add(setId, imageId, classId, score)
    report.rows++
  })
  insert.flush()
  ctx.flush()
  pairs.settle(() => countPredictions(ctx.db, setId))
}
