import { mkdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { OpenImagesExport } from '../../../shared/api/index'
import { labelSourceName } from '../../../shared/labels'
import type { Db } from '../../db/connection'
import { humanSourceList } from '../../db/queries/annotate/label-overlay'
import { datasetFiles } from '../catalog/dataset-files'
import { CsvFile } from '../demo/csv-file'


/** Shortest text that reads back as the same double, so indexing the export reproduces the values exactly. */
const number = (value: number): string => String(value)

/**
 * Writes train_human_labels.csv and train_bounding_boxes.csv (docs/formats.md) with every edit merged:
 * the catalog's merged state, streamed row by row from one read transaction (a consistent snapshot
 * even while edits arrive: give it a connection of its own). Each file is written under a temporary
 * name and renamed when complete.
 */
export async function exportOpenImages(db: Db, dir: string): Promise<OpenImagesExport> {
  mkdirSync(dir, { recursive: true })
  db.exec('BEGIN')
  try {
    const humanLabels = await writeCsv(join(dir, 'train_human_labels.csv'), datasetFiles['human-labels'].header!, async (file) => {
      const rows = db
        .prepare(
          `SELECT i.image_key, l.source, c.code, l.confidence FROM labels AS l JOIN images AS i ON i.id = l.image_id JOIN classes AS c ON c.id = l.class_id
           WHERE l.image_id >= 0 AND l.source IN (${humanSourceList}) ORDER BY l.image_id, l.class_id, l.source`,
        )
        .raw()
      for (const [image, source, code, confidence] of rows.iterate() as Iterable<[string, number, string, number]>) {
        await file.write([image, labelSourceName(source), code, number(confidence)])
      }
    })
    const boxes = await writeCsv(join(dir, 'train_bounding_boxes.csv'), datasetFiles.boxes.header!, async (file) => {
      const rows = db
        .prepare(
          `SELECT i.image_key, s.name, c.code, b.confidence, b.x_min, b.x_max, b.y_min, b.y_max,
                  b.is_occluded, b.is_truncated, b.is_group_of, b.is_depiction, b.is_inside
           FROM boxes AS b JOIN images AS i ON i.id = b.image_id JOIN classes AS c ON c.id = b.class_id JOIN box_sources AS s ON s.id = b.source_id
           ORDER BY b.image_id, b.id`,
        )
        .raw()
      for (const [image, source, code, ...values] of rows.iterate() as Iterable<[string, string, string, ...number[]]>) {
        await file.write([image, source, code, ...values.map(number)])
      }
    })
    const edits = db.prepare('SELECT count(*) FROM edits').pluck().get() as number
    return { dir, humanLabels, boxes, edits }
  } finally {
    db.exec('COMMIT')
  }
}

async function writeCsv(path: string, header: readonly string[], fill: (file: CsvFile) => Promise<void>): Promise<number> {
  const partial = `${path}.partial`
  const file = new CsvFile(partial, header)
  try {
    await fill(file)
    await file.close()
  } catch (error) {
    await file.close().catch(() => {})
    rmSync(partial, { force: true })
    throw error
  }
  renameSync(partial, path)
  return file.rows
}
