import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { JobProgress } from '../../../shared/api/index'
import type { Db } from '../../db/connection'
import { refreshClassStats } from '../../db/queries/classes'
import { datasetFiles, type DatasetFileKind } from './dataset-files'
import { importClassDescriptions, importHierarchy, importTrainable } from './import-classes'
import { ImportContext, type FileReport } from './import-context'
import { importBoxes } from './import-boxes'
import { importLabels, importTuningLabels } from './import-labels'
import { scanImages } from './scan-images'

type Step = (ctx: ImportContext, file: string) => Promise<FileReport>

/** Import order: classes before anything that names them, images before labels. */
const steps: Array<[DatasetFileKind, Step]> = [
  ['boxableClasses', (ctx, file) => importClassDescriptions(ctx, file, true)],
  ['classes', (ctx, file) => importClassDescriptions(ctx, file, false)],
  ['trainable', importTrainable],
  ['hierarchy', importHierarchy],
  ['humanLabels', (ctx, file) => importLabels(ctx, file, 'human')],
  ['machineLabels', (ctx, file) => importLabels(ctx, file, 'machine')],
  ['boxes', importBoxes],
  ['tuningLabels', importTuningLabels],
]

const classFiles = new Set<DatasetFileKind>(['boxableClasses', 'classes', 'trainable', 'hierarchy'])

/**
 * Indexes an Open Images dataset folder into the catalog: the files of FORMATS.md found by name, then
 * the image store below it. Each file is imported in its own transaction, replacing what an earlier
 * import of the same file stored, so a re-run never duplicates rows and a failed file leaves the
 * catalog as it was before it. Runs on the calling thread: the minimal indexer for the demo workspace.
 */
export async function indexDataset(
  db: Db,
  datasetDir: string,
  onProgress: (progress: JobProgress) => void = () => {},
): Promise<FileReport[]> {
  const ctx = new ImportContext(db)
  const reports: FileReport[] = []
  const present = steps.filter(([kind]) => existsSync(join(datasetDir, datasetFiles[kind].name)))
  const total = present.length + 1
  const recordImport = db.prepare(
    'INSERT INTO imports (file, kind, rows, skipped, finished_at) VALUES (?, ?, ?, ?, ?)',
  )
  const run = async (kind: string, phase: string, work: () => Promise<FileReport>): Promise<void> => {
    onProgress({ job: 'index', phase, done: reports.length, total, finished: false })
    db.exec('BEGIN IMMEDIATE')
    try {
      const report = await work()
      recordImport.run(report.file, kind, report.rows, report.skipped, new Date().toISOString())
      db.exec('COMMIT')
      reports.push(report)
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }
  const importFile = ([kind, step]: [DatasetFileKind, Step]) =>
    run(kind, datasetFiles[kind].name, () => step(ctx, join(datasetDir, datasetFiles[kind].name)))
  for (const entry of present.filter(([kind]) => classFiles.has(kind))) await importFile(entry)
  await run('images', 'image store', () => scanImages(ctx, datasetDir))
  for (const entry of present.filter(([kind]) => !classFiles.has(kind))) await importFile(entry)
  db.transaction(() => refreshClassStats(db))()
  onProgress({ job: 'index', phase: 'done', done: total, total, finished: true })
  return reports
}
