import type { RunPlan } from '../../../shared/training/budget-plan'
import type { RunConfig } from '../../../shared/training/config'
import type { BackendChoice } from '../../../shared/training/protocol'
import type { CheckpointRecord, EpochRecord, RunStatus, TrainingRun } from '../../../shared/training/runs'
import type { Db } from '../connection'

interface RunRow {
  id: number
  name: string
  config: string
  status: RunStatus
  backend: string | null
  backend_reason: string | null
  created_at: string
  started_at: string | null
  finished_at: string | null
  seconds: number
  error: string | null
  best_metric: number | null
  best_stage: number | null
  best_epoch: number | null
  images_per_second: number | null
  plan: string | null
}

const now = (): string => new Date().toISOString()

function toRun(row: RunRow): TrainingRun {
  return {
    id: row.id,
    name: row.name,
    config: JSON.parse(row.config) as RunConfig,
    status: row.status,
    backend: row.backend,
    backendReason: row.backend_reason,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    seconds: row.seconds,
    error: row.error,
    bestMetric: row.best_metric,
    bestStage: row.best_stage,
    bestEpoch: row.best_epoch,
    imagesPerSecond: row.images_per_second,
    plan: row.plan === null ? null : (JSON.parse(row.plan) as RunPlan),
  }
}

/** Records a new run (status `created`) before its trainer starts; returns its id. */
export function createRun(db: Db, config: RunConfig): number {
  const name = config.name ?? `run ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`
  const info = db.prepare('INSERT INTO training_runs (name, config, status, created_at) VALUES (?, ?, ?, ?)').run(name, JSON.stringify(config), 'created', now())
  return Number(info.lastInsertRowid)
}

export function getRun(db: Db, id: number): TrainingRun | null {
  const row = db.prepare('SELECT * FROM training_runs WHERE id = ?').get(id) as RunRow | undefined
  return row ? toRun(row) : null
}

/** Every run, newest first. */
export function listRuns(db: Db): TrainingRun[] {
  return (db.prepare('SELECT * FROM training_runs ORDER BY id DESC').all() as RunRow[]).map(toRun)
}

/** The trainer took the run: status running, its backend and process id. */
export function markRunStarted(db: Db, id: number, backend: BackendChoice, pid: number): void {
  db.prepare(
    `UPDATE training_runs SET status = 'running', backend = ?, backend_reason = ?, pid = ?, error = NULL,
       started_at = coalesce(started_at, ?), finished_at = NULL WHERE id = ?`,
  ).run(backend.name, backend.reason, pid, now(), id)
}

/** Keeps the latest revision of a run's time-budget plan. */
export function recordRunPlan(db: Db, id: number, plan: RunPlan): void {
  db.prepare('UPDATE training_runs SET plan = ? WHERE id = ?').run(JSON.stringify(plan), id)
}

export function setRunStatus(db: Db, id: number, status: RunStatus): void {
  db.prepare('UPDATE training_runs SET status = ? WHERE id = ?').run(status, id)
}

/** The run ended (any way but a crash, which leaves it `running` until someone looks: see markInterrupted). */
export function finishRun(db: Db, id: number, status: RunStatus, fields: { seconds: number; error?: string; imagesPerSecond?: number | null }): void {
  db.prepare('UPDATE training_runs SET status = ?, finished_at = ?, seconds = ?, error = ?, images_per_second = coalesce(?, images_per_second), pid = NULL WHERE id = ?').run(
    status,
    now(),
    fields.seconds,
    fields.error ?? null,
    fields.imagesPerSecond ?? null,
    id,
  )
}

/** Runs left `running` or `paused` whose trainer process is gone become `interrupted` (resumable). */
export function markInterrupted(db: Db, isAlive: (pid: number) => boolean): number {
  const rows = db.prepare("SELECT id, pid FROM training_runs WHERE status IN ('running', 'paused')").all() as Array<{ id: number; pid: number | null }>
  const stale = rows.filter((r) => r.pid === null || !isAlive(r.pid))
  const mark = db.prepare("UPDATE training_runs SET status = 'interrupted', pid = NULL WHERE id = ?")
  for (const r of stale) mark.run(r.id)
  return stale.length
}

export interface StepRow {
  globalStep: number
  stageIndex: number
  epoch: number
  step: number
  loss: number
  lr: number
  inputSize: number
  imagesPerSecond: number
  at: number
}

/** Appends optimizer steps (the trainer batches them: one transaction every few seconds). */
export function recordSteps(db: Db, runId: number, steps: readonly StepRow[]): void {
  const insert = db.prepare('INSERT OR REPLACE INTO training_steps VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
  db.transaction(() => {
    for (const s of steps) insert.run(runId, s.globalStep, s.stageIndex, s.epoch, s.step, s.loss, s.lr, s.inputSize, s.imagesPerSecond, s.at)
  })()
}

/** Steps of a run in order, for charts (thinned to at most `limit` evenly spaced points). */
export function listSteps(db: Db, runId: number, limit = 2000): StepRow[] {
  const total = (db.prepare('SELECT count(*) AS n FROM training_steps WHERE run_id = ?').get(runId) as { n: number }).n
  const every = Math.max(1, Math.ceil(total / limit))
  return db
    .prepare(
      `SELECT global_step AS globalStep, stage_index AS stageIndex, epoch, step, loss, lr, input_size AS inputSize,
         images_per_second AS imagesPerSecond, at FROM training_steps WHERE run_id = ? AND global_step % ? = 0 ORDER BY global_step`,
    )
    .all(runId, every) as StepRow[]
}

export function recordEpoch(db: Db, runId: number, e: EpochRecord): void {
  db.prepare('INSERT OR REPLACE INTO training_epochs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    runId,
    e.stageIndex,
    e.epoch,
    e.stage,
    e.trainLoss,
    e.validationLoss,
    e.accuracy,
    e.f2,
    e.threshold,
    e.baseline,
    e.imagesPerSecond,
    e.seconds,
    e.optimizer,
    Date.now() / 1000,
  )
}

export function listEpochs(db: Db, runId: number): EpochRecord[] {
  return db
    .prepare(
      `SELECT stage_index AS stageIndex, stage, epoch, train_loss AS trainLoss, validation_loss AS validationLoss, accuracy, f2,
         threshold, baseline, images_per_second AS imagesPerSecond, seconds, optimizer
       FROM training_epochs WHERE run_id = ? ORDER BY stage_index, epoch`,
    )
    .all(runId) as EpochRecord[]
}

/** Records a checkpoint; when it is the stage's best so far, it becomes the only `best` of its stage and the run's best is updated. */
export function recordCheckpoint(db: Db, runId: number, c: Omit<CheckpointRecord, 'id' | 'createdAt'>): number {
  return db.transaction(() => {
    if (c.best) {
      db.prepare('UPDATE training_checkpoints SET best = 0 WHERE run_id = ? AND stage_index = ?').run(runId, c.stageIndex)
      db.prepare('UPDATE training_runs SET best_metric = ?, best_stage = ?, best_epoch = ? WHERE id = ?').run(c.metric, c.stageIndex, c.epoch, runId)
    }
    const info = db
      .prepare('INSERT INTO training_checkpoints (run_id, stage_index, epoch, kind, path, metric, best, global_step, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(runId, c.stageIndex, c.epoch, c.kind, c.path, c.metric, c.best ? 1 : 0, c.globalStep, now())
    return Number(info.lastInsertRowid)
  })()
}

interface CheckpointRow {
  id: number
  stage_index: number
  epoch: number
  kind: 'epoch' | 'position'
  path: string
  metric: number | null
  best: number
  global_step: number
  created_at: string
}

const toCheckpoint = (r: CheckpointRow): CheckpointRecord => ({
  id: r.id,
  stageIndex: r.stage_index,
  epoch: r.epoch,
  kind: r.kind,
  path: r.path,
  metric: r.metric,
  best: r.best === 1,
  globalStep: r.global_step,
  createdAt: r.created_at,
})

export function listCheckpoints(db: Db, runId: number): CheckpointRecord[] {
  return (db.prepare('SELECT * FROM training_checkpoints WHERE run_id = ? ORDER BY global_step, id').all(runId) as CheckpointRow[]).map(toCheckpoint)
}

/** The checkpoint a resume starts from: the one furthest into the run. */
export function lastCheckpoint(db: Db, runId: number): CheckpointRecord | null {
  const row = db.prepare('SELECT * FROM training_checkpoints WHERE run_id = ? ORDER BY global_step DESC, id DESC LIMIT 1').get(runId) as CheckpointRow | undefined
  return row ? toCheckpoint(row) : null
}

export function bestCheckpoint(db: Db, runId: number, stageIndex: number): CheckpointRecord | null {
  const row = db.prepare('SELECT * FROM training_checkpoints WHERE run_id = ? AND stage_index = ? AND best = 1 LIMIT 1').get(runId, stageIndex) as CheckpointRow | undefined
  return row ? toCheckpoint(row) : null
}

/** Removes a checkpoint's row (its folder is the caller's to delete). */
export function forgetCheckpoint(db: Db, id: number): void {
  db.prepare('DELETE FROM training_checkpoints WHERE id = ?').run(id)
}

/** On resume: forget what the dead trainer recorded after the checkpoint it resumes from, so nothing is counted twice. */
export function truncateRunAfter(db: Db, runId: number, globalStep: number, stageIndex: number, epoch: number): void {
  db.transaction(() => {
    db.prepare('DELETE FROM training_steps WHERE run_id = ? AND global_step > ?').run(runId, globalStep)
    db.prepare('DELETE FROM training_epochs WHERE run_id = ? AND (stage_index > ? OR (stage_index = ? AND epoch > ?))').run(runId, stageIndex, stageIndex, epoch)
  })()
}

export function appendRunLog(db: Db, runId: number, level: 'info' | 'warn' | 'error', text: string): void {
  db.prepare('INSERT INTO training_logs VALUES (?, ?, ?, ?)').run(runId, Date.now() / 1000, level, text)
}

export function listRunLog(db: Db, runId: number, limit = 500): Array<{ at: number; level: string; text: string }> {
  return db.prepare('SELECT at, level, text FROM (SELECT * FROM training_logs WHERE run_id = ? ORDER BY at DESC LIMIT ?) ORDER BY at').all(runId, limit) as Array<{
    at: number
    level: string
    text: string
  }>
}
