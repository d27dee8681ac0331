import type { Db } from '../../main/db/connection'
import {
  appendRunLog,
  finishRun,
  markRunStarted,
  recordCheckpoint,
  recordEpoch,
  recordRunPlan,
  recordSteps,
  type StepRow,
} from '../../main/db/queries/training-runs'
import { describePlan, type RunPlan } from '../../shared/training/budget-plan'
import type { BackendChoice, TrainerMessage, TrainerStatus } from '../../shared/training/protocol'
import type { CheckpointRecord, EpochRecord } from '../../shared/training/runs'

/** How long steps wait in memory before they are written (one transaction for all of them). */
const flushSeconds = 2

/**
 * Everything the trainer reports goes two ways: to the parent (live view) and into the catalog (history,
 * resume). Steps are buffered and written every couple of seconds; epochs, checkpoints and the end at once.
 */
export class RunRecorder {
  private steps: StepRow[] = []
  private lastFlush = Date.now()

  constructor(
    private readonly db: Db,
    readonly runId: number,
    private readonly send: (message: TrainerMessage) => void,
  ) {}

  started(backend: BackendChoice, resumedFrom?: Extract<TrainerMessage, { type: 'ready' }>['resumedFrom']): void {
    markRunStarted(this.db, this.runId, backend, process.pid)
    this.log('info', `backend ${backend.name}: ${backend.reason}`)
    for (const skipped of backend.skipped) this.log('info', `  not ${skipped.name}: ${skipped.reason}`)
    this.send(resumedFrom ? { type: 'ready', backend, resumedFrom } : { type: 'ready', backend })
  }

  step(progress: Extract<TrainerMessage, { type: 'progress' }>): void {
    this.send(progress)
    this.steps.push({
      globalStep: progress.globalStep,
      stageIndex: progress.stageIndex,
      epoch: progress.epoch,
      step: progress.step,
      loss: progress.loss,
      lr: progress.lr,
      inputSize: progress.inputSize,
      imagesPerSecond: progress.imagesPerSecond,
      at: Date.now() / 1000,
    })
    if (Date.now() - this.lastFlush > flushSeconds * 1000) this.flush()
  }

  flush(): void {
    if (this.steps.length > 0) recordSteps(this.db, this.runId, this.steps)
    this.steps = []
    this.lastFlush = Date.now()
  }

  epoch(metrics: Extract<TrainerMessage, { type: 'metrics' }>, record: EpochRecord): void {
    this.flush()
    recordEpoch(this.db, this.runId, record)
    this.send(metrics)
  }

  checkpoint(record: Omit<CheckpointRecord, 'id' | 'createdAt'>, stage: Extract<TrainerMessage, { type: 'checkpoint' }>): number {
    this.flush()
    const id = recordCheckpoint(this.db, this.runId, record)
    if (record.kind === 'epoch') this.send(stage)
    return id
  }

  /** A revision of the time-budget plan: kept on the run, sent to the parent, logged in one line unless `quiet`. */
  plan(plan: RunPlan, quiet = false): void {
    recordRunPlan(this.db, this.runId, plan)
    if (!quiet) this.log('info', describePlan(plan))
    this.send({ type: 'plan', plan })
  }

  log(level: 'info' | 'warn', text: string): void {
    appendRunLog(this.db, this.runId, level, text)
    this.send({ type: 'log', level, text })
  }

  finished(status: TrainerStatus, seconds: number, bestMetric: number | null, imagesPerSecond: number | null): void {
    this.flush()
    finishRun(this.db, this.runId, status, { seconds, imagesPerSecond })
    this.send({ type: 'done', status, bestMetric, seconds })
  }

  failed(error: Error, seconds: number): void {
    this.flush()
    appendRunLog(this.db, this.runId, 'error', error.stack ?? error.message)
    finishRun(this.db, this.runId, 'failed', { seconds, error: error.message })
    this.send({ type: 'error', message: error.message, ...(error.stack ? { stack: error.stack } : {}) })
  }
}
