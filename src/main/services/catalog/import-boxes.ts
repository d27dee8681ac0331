import { basename } from 'node:path'
import { classCodePattern, imageIdPattern } from '../../../shared/ids'
import { readCsvRows } from './csv-rows'
import { datasetFiles } from './dataset-files'
import type { FileReport, ImportContext } from './import-context'

function checkBox(fields: string[]): string | null {
  const [imageKey, , code, , ...rest] = fields
  if (fields.length !== 13) return `expected 13 fields, got ${fields.length}`
  if (!imageIdPattern.test(imageKey!)) return `ImageID ${JSON.stringify(imageKey)} is not 16 hex characters`
  if (!classCodePattern.test(code!)) return `LabelName ${JSON.stringify(code)} is not a label code`
  const [xMin, xMax, yMin, yMax] = rest.slice(0, 4).map((v) => (v === '' ? NaN : Number(v))) as number[]
  const coords = [xMin!, xMax!, yMin!, yMax!]
  if (coords.some((v) => !(v >= 0 && v <= 1))) return 'coordinates must be numbers in 0..1'
  if (xMin! > xMax! || yMin! > yMax!) return 'XMin > XMax or YMin > YMax'
  if (rest.slice(4).some((flag) => flag !== '0' && flag !== '1' && flag !== '-1')) return 'flags must be 1, 0 or -1'
  return null
}

/** train_bounding_boxes.csv. Replaces every box, so importing the file again never duplicates rows. */
export async function importBoxes(ctx: ImportContext, file: string): Promise<FileReport> {
  const report = ctx.newReport(basename(file))
  ctx.db.prepare('DELETE FROM boxes').run()
  const insert = ctx.db.prepare(
    `INSERT INTO boxes (image_id, class_id, source, confidence, x_min, x_max, y_min, y_max,
       is_occluded, is_truncated, is_group_of, is_depiction, is_inside) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  for await (const { fields, line } of readCsvRows(file, datasetFiles.boxes.header)) {
    const problem = checkBox(fields)
    if (problem) {
      ctx.skip(report, line, problem)
      continue
    }
    const [imageKey, source, code, confidence, ...numbers] = fields
    insert.run(ctx.imageId(imageKey!, 'train'), ctx.classId(code!), source, Number(confidence || 1), ...numbers.map(Number))
    report.rows++
  }
  return report
}
