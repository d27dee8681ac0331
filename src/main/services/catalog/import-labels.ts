import { decimalField } from './decimal-field'
import type { FileImportReport } from '../../../shared/api/index'
import { classCodePattern } from '../../../shared/ids'
import { labelSourceId } from '../../../shared/labels'
import { BatchInsert } from '../../db/batch-insert'
import { formerTuningImages } from '../../db/queries/sample-images'
import { countLabels } from '../../db/queries/stored-rows'
import { suspendIndexes } from './bulk-indexes'
import { datasetFiles } from './dataset-files'
import { dropMembership } from './drop-membership'
import { noteDuplicate, RepeatedPairs, trackDuplicates } from './duplicate-rows'
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
 * import of the file again never duplicates rows); labels_by_class is rebuilt once at the end. A row
 * repeating the (image, class, source) of an earlier row replaces its confidence (the last row wins)
 * and is counted in the report's duplicates, not its rows: `rows` is the labels stored.
 */
export async function importLabels(ctx: ImportContext, file: string, report: FileImportReport, tick: ImportTick, kind: 'human' | 'machine'): Promise<void> {
  const sourceIds = kind === 'human' ? humanSourceIds : machineSourceIds
  clearSources(ctx, Object.values(sourceIds), report.kind)
  const rebuild = suspendIndexes(ctx.db, 'labels')
  const insert = new BatchInsert(ctx.db, 'labels', ['image_id', 'class_id', 'source', 'confidence'], 'INSERT OR REPLACE')
  const header = datasetFiles[kind === 'human' ? 'human-labels' : 'machine-labels'].header
  const row: [number, number, number, number] = [0, 0, 0, 0]
  const pairs = new RepeatedPairs(report, 'ImageID,Source,LabelName', 'last')
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
    if (!pairs.repeats(row[0], row[1] * 8 + source, line, confidence)) report.rows++
    else pairs.note(line, confidence, 'Confidence', () => `${imageKey},${fields[1]},${code}`)
  })
  insert.flush()
  ctx.flush()
  // The sources' rows were cleared above (on a first import, only edits' could be there: none in practice).
  pairs.settle(() => countLabels(ctx.db, Object.values(sourceIds)))
  rebuild()
}

/**
 * tuning_labels.csv: `image_id,"code code …"`, no header. Replaces the tuning labels; their images
 * become split `tuning`. A line repeating an earlier line's image adds its labels to that image's
 * (counted in the report's duplicates, not its rows: `rows` is the images).
 */
export async function importTuningLabels(ctx: ImportContext, file: string, report: FileImportReport, tick: ImportTick): Promise<void> {
  const source = labelSourceId('tuning')
  clearSources(ctx, [source], report.kind)
  const insert = new BatchInsert(ctx.db, 'labels', ['image_id', 'class_id', 'source', 'confidence'], 'INSERT OR IGNORE')
  const firstLines = new Map<number, number>()
  trackDuplicates(report, 'image_id', 'all')
  await importCsv(file, null, report, tick, (fields, count, line) => {
    const row = imageLabelsRow(report, fields, count, line)
    if (!row) return
    const { imageKey, codes } = row
    const imageId = ctx.imageId(imageKey, 'tuning')
    for (const code of codes) insert.add(imageId, ctx.classId(code), source, 1)
    const first = firstLines.get(imageId)
    if (first === undefined) {
      firstLines.set(imageId, line)
      report.rows++
    } else noteDuplicate(report, line, () => `repeats line ${first} (${imageKey}): its labels are added to those of line ${first}`)
  })
  insert.flush()
  ctx.flush()
  const toTuning = ctx.db.prepare("UPDATE images SET split = 'tuning' WHERE id = ? AND split IN ('test', 'none')")
  for (const id of firstLines.keys()) toTuning.run(id)
  // Imported again: the tuning images it names no more stop being tuning images (dropMembership).
  const dropped = dropMembership(ctx, formerTuningImages(ctx.db).filter((id) => !firstLines.has(id)), 'tuning')
  if (dropped) report.tuningIdsDropped = dropped
}
