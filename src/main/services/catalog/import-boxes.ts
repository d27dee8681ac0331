import { decimalField } from './decimal-field'
import type { FileImportReport, RowProblemKind } from '../../../shared/api/index'
import { classCodePattern } from '../../../shared/ids'
import { boxReimport } from '../../db/queries/annotate/box-reimport'
import { BatchInsert } from '../../db/batch-insert'
import { suspendIndexes } from './bulk-indexes'
import { datasetFiles } from './dataset-files'
import { importCsv, type ImportTick } from './import-csv'
import { skipRow, type ImportContext } from './import-context'

const trainIdPattern = /^[0-9a-f]{16}$/
const flagValues: Record<string, number> = { '0': 0, '1': 1, '-1': -1 }
const flagNames = ['IsOccluded', 'IsTruncated', 'IsGroupOf', 'IsDepiction', 'IsInside']
const coordNames = ['XMin', 'XMax', 'YMin', 'YMax']

/**
 * The problem with a box row, or null. `row` receives image key, class key, source key (left to the
 * caller), confidence, 4 coordinates and 5 flags. Ids and codes seen before skip their regex.
 */
function checkBox(ctx: ImportContext, fields: string[], count: number, row: number[]): [RowProblemKind, string] | null {
  if (count !== 13) return ['column-count', `expected 13 fields, found ${count}`]
  const imageKey = fields[0]!
  const known = ctx.knownImage(imageKey)
  if (known === undefined ? !trainIdPattern.test(imageKey) : imageKey.length !== 16) return ['bad-image-id', `ImageID ${JSON.stringify(imageKey)} is not 16 hex characters`]
  if (fields[1]!.trim() === '') return ['bad-source', 'Source is blank (xclick, activemil, …)']
  const knownClass = ctx.knownClass(fields[2]!)
  if (knownClass === undefined && !classCodePattern.test(fields[2]!)) return ['bad-class-code', `LabelName ${JSON.stringify(fields[2])} is not a label code`]
  const numbers = row
  for (let i = 3; i < 8; i++) {
    const text = fields[i]!
    const value = text === '' && i === 3 ? 1 : decimalField(text)
    if (text === '' && i > 3) return ['bad-number', `${coordNames[i - 4]} is empty`]
    if (Number.isNaN(value)) return ['bad-number', `${i === 3 ? 'Confidence' : coordNames[i - 4]} ${JSON.stringify(text)} is not a decimal number`]
    if (value < 0 || value > 1) return ['out-of-range', `${i === 3 ? 'Confidence' : coordNames[i - 4]} ${text} is outside 0..1`]
    numbers[i] = value
  }
  // As annotate refuses them: a box spans some area (XMin < XMax, YMin < YMax).
  if (numbers[4]! > numbers[5]! || numbers[6]! > numbers[7]!) return ['min-above-max', `XMin > XMax or YMin > YMax (${fields.slice(4, 8).join(',')})`]
  if (numbers[4]! === numbers[5]! || numbers[6]! === numbers[7]!) return ['zero-area', `the box has no ${numbers[4] === numbers[5] ? 'width (XMin = XMax)' : 'height (YMin = YMax)'} (${fields.slice(4, 8).join(',')})`]
  for (let i = 8; i < 13; i++) {
    const flag = flagValues[fields[i]!]
    if (flag === undefined) return ['bad-flag', `${flagNames[i - 8]} ${JSON.stringify(fields[i])} is not 1, 0 or -1`]
    numbers[i] = flag
  }
  row[0] = known ?? ctx.imageId(imageKey, 'train')
  row[1] = knownClass ?? ctx.classId(fields[2]!)
  return null
}

/**
 * train_bounding_boxes.csv. Replaces every imported box (an import of the file again never duplicates
 * rows); boxes that edits created or changed stay as the edits left them (boxReimport).
 */
export async function importBoxes(ctx: ImportContext, file: string, report: FileImportReport, tick: ImportTick): Promise<void> {
  const rebuild = suspendIndexes(ctx.db, 'boxes')
  const edits = boxReimport(ctx.db)
  edits.clearImported()
  const sources = new Map<string, number>(
    (ctx.db.prepare('SELECT name, id FROM box_sources').all() as Array<{ name: string; id: number }>).map((r) => [r.name, r.id]),
  )
  const addSource = ctx.db.prepare('INSERT INTO box_sources (name) VALUES (?)')
  const insert = new BatchInsert(ctx.db, 'boxes', [
    'image_id', 'class_id', 'source_id', 'confidence', 'x_min', 'x_max', 'y_min', 'y_max',
    'is_occluded', 'is_truncated', 'is_group_of', 'is_depiction', 'is_inside',
  ])
  const row: number[] = new Array(13).fill(0)
  await importCsv(file, datasetFiles.boxes.header, report, tick, (fields, count, line) => {
    const problem = checkBox(ctx, fields, count, row)
    if (problem) return skipRow(report, problem[0], line, problem[1])
    const sourceName = fields[1]!
    let source = sources.get(sourceName)
    if (source === undefined) {
      source = Number(addSource.run(sourceName).lastInsertRowid)
      sources.set(sourceName, source)
    }
    row[2] = source
    if (edits.skip(row)) return
    insert.addRow(row)
    report.rows++
  })
  insert.flush()
  edits.done()
  ctx.flush()
  rebuild()
}
