import type { KagglePipeline, KaggleReport, KaggleSampleFile, KaggleStatus, KaggleStep } from '../../../shared/api/kaggle'
import { kaggleStepNames } from '../../../shared/api/kaggle'
import type { Db } from '../connection'

interface PipelineRow {
  id: number
  dataset: string | null
  sample: string
  out: string
  budget_seconds: number
  preset: string
  status: KaggleStatus
  steps: string
  run_id: number | null
  predictions: string | null
  report: string | null
  error: string | null
  created_at: string
  finished_at: string | null
}

function toPipeline(row: PipelineRow): KagglePipeline {
  return {
    id: row.id,
    dataset: row.dataset,
    sample: row.sample,
    out: row.out,
    budgetSeconds: row.budget_seconds,
    preset: row.preset,
    status: row.status,
    steps: JSON.parse(row.steps) as KaggleStep[],
    runId: row.run_id,
    predictions: row.predictions,
    report: row.report === null ? null : (JSON.parse(row.report) as KaggleReport),
    error: row.error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  }
}

/** A new pipeline, every step waiting. */
export function createKagglePipeline(db: Db, p: { dataset: string | null; sample: string; out: string; budgetSeconds: number; preset: string }): KagglePipeline {
  const steps: KaggleStep[] = kaggleStepNames.map((name) => ({ name, state: 'waiting', seconds: 0, detail: null, fraction: null, etaSeconds: null }))
  const id = Number(
    db
      .prepare("INSERT INTO kaggle_pipelines (dataset, sample, out, budget_seconds, preset, status, steps, created_at) VALUES (?, ?, ?, ?, ?, 'running', ?, ?)")
      .run(p.dataset, p.sample, p.out, p.budgetSeconds, p.preset, JSON.stringify(steps), new Date().toISOString()).lastInsertRowid,
  )
  return getKagglePipeline(db, id)!
}

export function getKagglePipeline(db: Db, id: number): KagglePipeline | null {
  const row = db.prepare('SELECT * FROM kaggle_pipelines WHERE id = ?').get(id) as PipelineRow | undefined
  return row ? toPipeline(row) : null
}

/** The newest pipeline, if any. */
export function lastKagglePipeline(db: Db): KagglePipeline | null {
  const row = db.prepare('SELECT * FROM kaggle_pipelines ORDER BY id DESC LIMIT 1').get() as PipelineRow | undefined
  return row ? toPipeline(row) : null
}

/** The newest unfinished pipeline for the same dataset, sample and output: the one to resume. */
export function unfinishedKagglePipeline(db: Db, p: { dataset: string | null; sample: string; out: string }): KagglePipeline | null {
  const row = db
    .prepare("SELECT * FROM kaggle_pipelines WHERE dataset IS ? AND sample = ? AND out = ? AND status <> 'completed' ORDER BY id DESC LIMIT 1")
    .get(p.dataset, p.sample, p.out) as PipelineRow | undefined
  return row ? toPipeline(row) : null
}

/** Writes a pipeline's changing fields (budget, status, steps, run, predictions, report, error), durably. */
export function saveKagglePipeline(db: Db, p: KagglePipeline): void {
  db.prepare('UPDATE kaggle_pipelines SET budget_seconds = ?, status = ?, steps = ?, run_id = ?, predictions = ?, report = ?, error = ?, finished_at = ? WHERE id = ?').run(
    p.budgetSeconds,
    p.status,
    JSON.stringify(p.steps),
    p.runId,
    p.predictions,
    p.report === null ? null : JSON.stringify(p.report),
    p.error,
    p.finishedAt,
    p.id,
  )
}

/** The sample submissions the catalog imported (their last import each), newest first. */
export function listSampleFiles(db: Db): KaggleSampleFile[] {
  const rows = db
    .prepare("SELECT file, rows, finished_at AS importedAt FROM imports WHERE id IN (SELECT max(id) FROM imports WHERE kind = 'sample-submission' GROUP BY file) ORDER BY id DESC")
    .all() as KaggleSampleFile[]
  return rows
}

/** When a file was last imported and how big it was then; null when never. */
export function lastImportOf(db: Db, file: string): { bytes: number; finishedAt: string } | null {
  const row = db.prepare('SELECT bytes, finished_at AS finishedAt FROM imports WHERE file = ? ORDER BY id DESC LIMIT 1').get(file) as { bytes: number; finishedAt: string } | undefined
  return row ?? null
}

/** When an image store (a scanned folder) was last scanned, from `image_roots` and its imports; null when never. */
export function lastScanOf(db: Db, root: string): string | null {
  const known = db.prepare('SELECT 1 FROM image_roots WHERE path = ?').get(root)
  if (!known) return null
  return (db.prepare("SELECT max(finished_at) FROM imports WHERE kind = 'image-store'").pluck().get() as string | null) ?? null
}

/** How many of these image ids are catalog images with a file (what predicting them will read). */
export function countImagesWithFiles(db: Db, keys: Iterable<string>): number {
  const hasFile = db.prepare('SELECT 1 FROM images WHERE image_key = ? AND path IS NOT NULL')
  let count = 0
  for (const key of keys) if (hasFile.get(key)) count++
  return count
}

/** The ids of the tuning images (the tuning labels' images). */
export function tuningImageKeys(db: Db): string[] {
  return db.prepare("SELECT image_key FROM images WHERE split = 'tuning'").pluck().all() as string[]
}
