import { basename } from 'node:path'
import { imageIdPattern, classCodePattern } from '../../../shared/ids'
import { labelSourceId, type LabelSource } from '../../../shared/labels'
import { readCsvRows } from './csv-rows'
import { datasetFiles } from './dataset-files'
import type { FileReport, ImportContext } from './import-context'

const humanSources: ReadonlySet<string> = new Set<LabelSource>(['verification', 'crowdsource-verification'])

/**
 * train_human_labels.csv or train_machine_labels.csv. Replaces every label of those sources, so
 * importing a file again never duplicates rows.
 */
export async function importLabels(ctx: ImportContext, file: string, kind: 'human' | 'machine'): Promise<FileReport> {
  const report = ctx.newReport(basename(file))
  const header = kind === 'human' ? datasetFiles.humanLabels.header : datasetFiles.machineLabels.header
  const sourceIds = kind === 'human' ? [labelSourceId('verification'), labelSourceId('crowdsource-verification')] : [labelSourceId('machine')]
  ctx.db.prepare(`DELETE FROM labels WHERE source IN (${sourceIds.join(',')})`).run()
  const insert = ctx.db.prepare(
    'INSERT OR REPLACE INTO labels (image_id, class_id, source, confidence) VALUES (?, ?, ?, ?)',
  )
  for await (const { fields, line } of readCsvRows(file, header)) {
    const [imageKey, source, code, confidenceText] = fields
    const confidence = Number(confidenceText)
    if (fields.length !== 4) ctx.skip(report, line, `expected 4 fields, got ${fields.length}`)
    else if (!imageIdPattern.test(imageKey!)) ctx.skip(report, line, `ImageID ${JSON.stringify(imageKey)} is not 16 hex characters`)
    else if (!classCodePattern.test(code!)) ctx.skip(report, line, `LabelName ${JSON.stringify(code)} is not a label code`)
    else if (kind === 'human' ? !humanSources.has(source!) : source !== 'machine') ctx.skip(report, line, `unknown Source ${JSON.stringify(source)}`)
    else if (confidenceText === '' || !(confidence >= 0 && confidence <= 1) || (kind === 'human' && confidence !== 0 && confidence !== 1)) {
      ctx.skip(report, line, `Confidence ${JSON.stringify(confidenceText)} is not ${kind === 'human' ? '0 or 1' : 'a number in 0..1'}`)
    } else {
      insert.run(ctx.imageId(imageKey!, 'train'), ctx.classId(code!), labelSourceId(source as LabelSource), confidence)
      report.rows++
    }
  }
  return report
}

/** tuning_labels.csv: `image_id,"code code …"`, no header; each code a tuning label of a tuning image. */
export async function importTuningLabels(ctx: ImportContext, file: string): Promise<FileReport> {
  const report = ctx.newReport(basename(file))
  const source = labelSourceId('tuning')
  ctx.db.prepare('DELETE FROM labels WHERE source = ?').run(source)
  const insert = ctx.db.prepare('INSERT OR IGNORE INTO labels (image_id, class_id, source, confidence) VALUES (?, ?, ?, 1)')
  for await (const { fields, line } of readCsvRows(file, null)) {
    const [imageKey, codes] = fields
    const list = (codes ?? '').split(' ').filter(Boolean)
    const bad = list.find((code) => !classCodePattern.test(code))
    if (fields.length !== 2) ctx.skip(report, line, `expected image_id,labels, got ${fields.length} fields`)
    else if (!imageIdPattern.test(imageKey!)) ctx.skip(report, line, `image_id ${JSON.stringify(imageKey)} is not a hex id`)
    else if (bad) ctx.skip(report, line, `${JSON.stringify(bad)} is not a label code`)
    else {
      const imageId = ctx.imageId(imageKey!, 'tuning')
      for (const code of list) insert.run(imageId, ctx.classId(code), source)
      report.rows++
    }
  }
  return report
}
