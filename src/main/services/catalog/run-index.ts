import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { basename } from 'node:path'
import type { DatasetFileKind, FileImportReport, IndexProgress, IndexReport } from '../../../shared/api/index'
import { ApiError } from '../../../shared/errors'
import type { Db } from '../../db/connection'
import { reapplyLabelVerdicts } from '../../db/queries/annotate/label-overlay'
import { refreshBoxableClasses } from '../../db/queries/boxable-classes'
import { refreshClassStats } from '../../db/queries/class-stats'
import { refreshExploreStats } from '../../db/queries/explore/refresh-explore'
import { getMeta, refreshImageCounts, setMeta } from '../../db/queries/summary'
import { importBoxes } from './import-boxes'
import { importClassDescriptions, importHierarchy, importTrainable } from './import-classes'
import type { ImportTick } from './import-csv'
import { ImportContext, newReport } from './import-context'
import { importLabels, importTuningLabels } from './import-labels'
import { importScores } from './import-scores'
import { importSampleSubmission, importSubmission } from './import-test-ids'
import type { IndexPlan, IndexSource } from './index-plan'
import { guardReplace } from './replace-guard'
import { scanImages } from './scan-images'

export interface RunIndexOptions {
  onProgress?: (progress: IndexProgress) => void
  /** Aborting stops at the next chunk: the file being imported is rolled back, earlier ones stay. */
  signal?: AbortSignal
  /**
   * Let a file replace the rows stored for its kind even when it leaves none, or fewer than half, of
   * them (`oiw index --replace-with-empty`); without it such a file fails the run, rolled back.
   */
  replaceWithEmpty?: boolean
}

type Importer = (ctx: ImportContext, source: IndexSource, report: FileImportReport, tick: ImportTick) => Promise<void>

const importers: Record<DatasetFileKind, Importer> = {
  'boxable-classes': (ctx, s, r, t) => importClassDescriptions(ctx, s.file, r, t, true),
  classes: (ctx, s, r, t) => importClassDescriptions(ctx, s.file, r, t, false),
  'trainable-classes': (ctx, s, r, t) => importTrainable(ctx, s.file, r, t),
  hierarchy: (ctx, s, r) => importHierarchy(ctx, s.file, r),
  'human-labels': async (ctx, s, r, t) => {
    await importLabels(ctx, s.file, r, t, 'human')
    reapplyLabelVerdicts(ctx.db)
  },
  'machine-labels': (ctx, s, r, t) => importLabels(ctx, s.file, r, t, 'machine'),
  boxes: (ctx, s, r, t) => importBoxes(ctx, s.file, r, t),
  'tuning-labels': (ctx, s, r, t) => importTuningLabels(ctx, s.file, r, t),
  'sample-submission': (ctx, s, r, t) => importSampleSubmission(ctx, s.file, r, t),
  submission: (ctx, s, r, t) => importSubmission(ctx, s.file, r, t, s.setName ?? basename(s.file)),
  scores: (ctx, s, r, t) => importScores(ctx, s.file, r, t, s.setName ?? basename(s.file)),
}

/**
 * Refreshes the per-class aggregates if an import committed since they were last computed (also after a crash),
 * and, where no boxable list was indexed, the boxable flags from the boxes.
 */
export function refreshStatsIfStale(db: Db): void {
  if (getMeta(db, 'stats.stale') !== '1') return
  db.transaction(() => {
    refreshClassStats(db)
    refreshBoxableClasses(db)
    refreshExploreStats(db)
    refreshImageCounts(db)
    setMeta(db, 'stats.stale', '0')
  })()
}

function catalogCounts(db: Db): Omit<IndexReport, 'files' | 'seconds'> {
  return db
    .prepare(
      `SELECT
        (SELECT count(*) FROM images WHERE path IS NOT NULL) AS imagesOnDisk,
        (SELECT count(*) FROM images WHERE split = 'train' AND path IS NULL) AS imagesMissing,
        (SELECT count(*) FROM images i WHERE i.path IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.image_id = i.id)
           AND NOT EXISTS (SELECT 1 FROM boxes b WHERE b.image_id = i.id)) AS filesWithoutLabels,
        (SELECT count(*) FROM classes WHERE described = 1) AS classesKnown,
        (SELECT count(*) FROM classes WHERE described = 0) AS classesUnknown`,
    )
    .get() as Omit<IndexReport, 'files' | 'seconds'>
}

/**
 * Indexes the plan's files, then scans its image stores. Each file is imported in its own
 * transaction (synchronous=FULL: durable once committed) that also records it in `imports`: a crash or kill
 * leaves the catalog as it was before that file, and importing a file again replaces its rows, unless
 * that would leave none or fewer than half of them (guardReplace: the run fails, that file rolled back).
 * The per-class aggregates are refreshed once at the end.
 */
export async function runIndex(db: Db, plan: IndexPlan, options: RunIndexOptions = {}): Promise<IndexReport> {
  const started = performance.now()
  db.pragma('cache_size = -131072')
  db.pragma('temp_store = FILE')
  db.pragma('threads = 2')
  db.pragma('synchronous = FULL')
  const steps: Array<{ name: string; kind: FileImportReport['kind']; run: Importer; source: IndexSource | null }> = [
    ...plan.sources.map((source) => ({ name: basename(source.file), kind: source.kind, run: importers[source.kind], source })),
    ...plan.imageRoots.map((root) => ({
      name: `${basename(root)}/ (image store)`,
      kind: 'image-store' as const,
      run: ((ctx, _s, r, t) => scanImages(ctx, root, r, t)) as Importer,
      source: null,
    })),
  ]
  const files: FileImportReport[] = []
  const ctx = new ImportContext(db)
  for (const [index, step] of steps.entries()) {
    const report = newReport(step.name, step.kind)
    const fileStart = performance.now()
    let lastSent = 0
    const tick: ImportTick = async (bytes, totalBytes, rows) => {
      if (options.signal?.aborted) throw new ApiError('cancelled', `indexing cancelled during ${step.name}; it was rolled back`)
      const now = performance.now()
      if (options.onProgress && now - lastSent > 200) {
        lastSent = now
        const seconds = (now - fileStart) / 1000
        options.onProgress({
          file: step.name, fileIndex: index, fileCount: steps.length, rows, bytes, totalBytes,
          rowsPerSecond: seconds > 0 ? Math.round(rows / seconds) : 0,
          etaSeconds: bytes > 0 && totalBytes > 0 ? Math.round(((totalBytes - bytes) / bytes) * seconds) : null,
        })
      }
      await yieldToEventLoop()
    }
    db.exec('BEGIN IMMEDIATE')
    try {
      const checkReplace = guardReplace(db, step.source, options.replaceWithEmpty ?? false)
      await step.run(ctx, step.source ?? { kind: 'classes', file: '' }, report, tick)
      checkReplace(report)
      report.seconds = Math.round(performance.now() - fileStart) / 1000
      db.prepare('INSERT INTO imports (file, kind, rows, skipped, skipped_by_kind, bytes, seconds, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        step.source?.file ?? step.name, step.kind, report.rows, report.skipped, JSON.stringify(report.skippedByKind), report.bytes, report.seconds, new Date().toISOString(),
      )
      setMeta(db, 'stats.stale', '1')
      db.exec('COMMIT')
      files.push(report)
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK')
      throw error
    }
  }
  refreshStatsIfStale(db)
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.pragma('synchronous = NORMAL')
  return { files, ...catalogCounts(db), seconds: Math.round(performance.now() - started) / 1000 }
}
