import { decimalField } from './decimal-field'
import type { FileImportReport } from '../../../shared/api/index'
import { classCodePattern } from '../../../shared/ids'
import { labelSourceId } from '../../../shared/labels'
import { BatchInsert } from '../../db/batch-insert'
import { suspendIndexes } from './bulk-indexes'
import { datasetFiles } from './dataset-files'
import { importCsv, type ImportTick } from './import-csv'
import { imageLabelsRow, skipRow, type ImportContext } from './import-context'

const trainIdPattern = /^[0-9a-f]{16}$/
const humanSourceIds: Record<string, number> = {
  verification: labelSourceId('verification'),
  'crowdsource-verification': labelSourceId('crowdsource-verification'),
}
const machineSourceIds: Record<string, number> = { machine: labelSourceId('machine') }

/**
 * Removes the rows of some label sources before their file is imported again. Skips the work (a scan
 * of every label) when no import of that file kind ever committed, as on a first import.
 */
function clearSources(ctx: ImportContext, sources: number[], kind: FileImportReport['kind']): void {
  if (ctx.db.prepare('SELECT 1 FROM imports WHERE kind = ? LIMIT 1').get(kind)) {
    ctx.db.prepare(`DELETE FROM labels WHERE source IN (${sources.join(',')})`).run()
  }
}

/**
 * train_human_labels.csv or train_machine_labels.csv. Replaces every label of those sources (an
 * import of the file again never duplicates rows); labels_by_class is rebuilt once at the end.
 */
export async function importLabels(ctx: ImportContext, file: string, report: FileImportReport, tick: ImportTick, kind: 'human' | 'machine'): Promise<void> {
  const sourceIds = kind === 'human' ? humanSourceIds : machineSourceIds
  clearSources(ctx, Object.values(sourceIds), report.kind)
  const rebuild = suspendIndexes(ctx.db, 'labels')
  const insert = new BatchInsert(ctx.db, 'labels', ['image_id', 'class_id', 'source', 'confidence'], 'INSERT OR REPLACE')
  const header = datasetFiles[kind === 'human' ? 'human-labels' : 'machine-labels'].header
  const row: [number, number, number, number] = [0, 0, 0, 0]
  await importCsv(file, header, report, tick, (fields, count, line) => {
    const imageKey = fields[0]!
    const code = fields[2]!
    const text = fields[3]!
    const source = sourceIds[fields[1]!]
    const confidence = decimalField(text)
    if (count !== 4) return skipRow(report, 'column-count', line, `expected 4 fields, found ${count}`)
    const knownImage = ctx.knownImage(imageKey)
    if (knownImage === undefined ? !trainIdPattern.test(imageKey) : imageKey.length !== 16) return skipRow(report, 'bad-image-id', line, `ImageID ${JSON.stringify(imageKey)} is not 16 hex characters`)
    const knownClass = ctx.knownClass(code)
    if (knownClass === undefined && !classCodePattern.test(code)) return skipRow(report, 'bad-class-code', line, `LabelName ${JSON.stringify(code)} is not a label code`)
    if (source === undefined) return skipRow(report, 'bad-source', line, `Source ${JSON.stringify(fields[1])} is not ${Object.keys(sourceIds).join(' or ')}`)
    if (Number.isNaN(confidence)) return skipRow(report, 'bad-number', line, `Confidence ${JSON.stringify(text)} is not a decimal number`)
    if (kind === 'human' ? confidence !== 0 && confidence !== 1 : confidence < 0 || confidence > 1) {
      return skipRow(report, 'out-of-range', line, `Confidence ${text} is not ${kind === 'human' ? '0 or 1' : 'in 0..1'}`)
    }
    row[0] = knownImage ?? ctx.imageId(imageKey, 'train')
    row[1] = knownClass ?? ctx.classId(code)
    row[2] = source
    row[3] = confidence
    insert.addRow(row)
    report.rows++
  })
  insert.flush()
  ctx.flush()
  rebuild()
}

/** tuning_labels.csv: `image_id,"code code …"`, no header. Replaces the tuning labels; their images become split `tuning`. */
export async function importTuningLabels(ctx: ImportContext, file: string, report: FileImportReport, tick: ImportTick): Promise<void> {
  const source = labelSourceId('tuning')
  clearSources(ctx, [source], report.kind)
  const insert = new BatchInsert(ctx.db, 'labels', ['image_id', 'class_id', 'source', 'confidence'], 'INSERT OR IGNORE')
  const images: number[] = []
  await importCsv(file, null, report, tick, (fields, count, line) => {
    const row = imageLabelsRow(report, fields, count, line)
    if (!row) return
    const { imageKey, codes } = row
    const imageId = ctx.imageId(imageKey, 'tuning')
    images.push(imageId)
    for (const code of codes) insert.add(imageId, ctx.classId(code), source, 1)
    report.rows++
  })
  insert.flush()
  ctx.flush()
  const toTuning = ctx.db.prepare("UPDATE images SET split = 'tuning' WHERE id = ? AND split = 'test'")
  for (const id of images) toTuning.run(id)
}
