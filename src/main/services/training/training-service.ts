import { rmSync } from 'node:fs'
import type { BackendChoice, RunDetail, RunSummary, TrainingOptions } from '../../../shared/api/training'
import { ApiError } from '../../../shared/errors'
import { parseRunConfig, type RunConfig } from '../../../shared/training/config'
import { presetNames, presets } from '../../../shared/training/presets'
import type { BackendName, TrainerMessage } from '../../../shared/training/protocol'
import type { Db } from '../../db/connection'
import { forgetCheckpoint, getRun, listCheckpoints, listEpochs, listRunLog, listRuns, listSteps, markInterrupted, setRunStatus } from '../../db/queries/training-runs'
import type { EventHub } from '../../transport/event-hub'
import { runFolder } from './run-folders'
import type { StartTrainer } from './trainer-process'
import { isProcessAlive, TrainingSession } from './training-session'

/** Progress messages forwarded to clients at most this often (the trainer reports every step). */
const progressEveryMs = 200

/**
 * Training for the app: one run at a time in a trainer process (utilityProcess in Electron, a fork
 * headless), its reports fanned out as `training.onDidReport`, its record kept in the catalog by the trainer
 * itself. The main process only relays messages: it never waits on training.
 */
export class TrainingService {
  private session: TrainingSession | null = null
  private backend: Promise<BackendChoice> | null = null
  private lastProgressAt = 0
  private otherTrainer: () => string | null = () => null

  constructor(
    private readonly db: Db,
    private readonly workspaceDir: string,
    private readonly startTrainer: StartTrainer,
    private readonly hub: EventHub,
  ) {
    markInterrupted(db, isProcessAlive)
  }

  options(): TrainingOptions {
    return {
      defaults: parseRunConfig({}),
      presets: presetNames.map((name) => ({ name, label: presets[name].name, config: parseRunConfig(presets[name]) })),
    }
  }

  /** Asks a short-lived trainer process which backend it would pick; remembered until `refresh`. */
  checkBackend(refresh: boolean): Promise<BackendChoice> {
    if (!this.backend || refresh) {
      this.backend = new Promise<BackendChoice>((resolve, reject) => {
        const probe = this.startTrainer()
        let answered = false
        probe.onMessage((message) => {
          if (message.type === 'ready') resolve(message.backend)
          else if (message.type === 'error') reject(new ApiError('internal', `the trainer could not load a backend: ${message.message}`))
          else return
          answered = true
        })
        probe.onExit((code, signal) => {
          if (!answered) reject(new ApiError('internal', `the trainer exited (${signal ?? code}) before naming its backend`))
        })
        probe.send({ type: 'probe' })
      })
      this.backend.catch(() => (this.backend = null))
    }
    return this.backend
  }

  start(config: RunConfig, backend?: BackendName): RunSummary {
    return this.begin({ config, ...(backend ? { backend } : {}) })
  }

  resumeRun(runId: number): RunSummary {
    return this.begin({ resumeRunId: runId })
  }

  pause(runId: number): RunSummary {
    this.live(runId).pause()
    return this.summary(runId)
  }

  resume(runId: number): RunSummary {
    this.live(runId).resume()
    return this.summary(runId)
  }

  stop(runId: number): RunSummary {
    this.live(runId).stop()
    return this.summary(runId)
  }

  listRuns(): RunSummary[] {
    return listRuns(this.db).map((run) => this.toSummary(run))
  }

  getRun(runId: number, maxSteps: number): RunDetail {
    return {
      run: this.summary(runId),
      epochs: listEpochs(this.db, runId),
      steps: listSteps(this.db, runId, maxSteps),
      checkpoints: listCheckpoints(this.db, runId),
      log: listRunLog(this.db, runId, 200),
    }
  }

  deleteRun(runId: number): { deleted: number } {
    this.summary(runId)
    if (this.session?.runId === runId && this.session.running) throw new ApiError('busy', `run ${runId} is training; stop it first`, 'runId')
    rmSync(runFolder(this.workspaceDir, runId), { recursive: true, force: true })
    this.db.prepare('DELETE FROM training_runs WHERE id = ?').run(runId)
    this.hub.emit('training.onDidChangeRuns', { runId })
    return { deleted: 1 }
  }

  /** Deletes every checkpoint of a run but each stage's best; a later resume starts from what is left. */
  deleteCheckpoints(runId: number): { deleted: number } {
    this.summary(runId)
    if (this.session?.runId === runId && this.session.running) throw new ApiError('busy', `run ${runId} is training; stop it first`, 'runId')
    const doomed = listCheckpoints(this.db, runId).filter((c) => !c.best)
    for (const c of doomed) {
      rmSync(c.path, { recursive: true, force: true })
      forgetCheckpoint(this.db, c.id)
    }
    this.hub.emit('training.onDidChangeRuns', { runId })
    return { deleted: doomed.length }
  }

  /** App shutdown: ask the trainer to stop (it saves its position), kill it if it has not gone in 5 s. */
  /** Why a run cannot start now, besides this service's own run (a Kaggle pipeline training in its own process). */
  refuseWhile(reason: () => string | null): void {
    this.otherTrainer = reason
  }

  /** Why another trainer may not start now: this service's run is training. */
  busyReason(): string | null {
    return this.session?.running ? `run ${this.session.runId} is training; stop it or wait for it to end` : null
  }

  dispose(): void {
    const session = this.session
    if (!session?.running) return
    session.stop()
    setTimeout(() => session.running && session.kill(), 5000).unref()
  }

  private begin(request: Parameters<typeof TrainingSession.start>[2]): RunSummary {
    const busy = this.busyReason() ?? this.otherTrainer()
    if (busy) throw new ApiError('busy', busy)
    const session = TrainingSession.start(this.db, this.workspaceDir, request, this.startTrainer)
    this.session = session
    session.onMessage((message) => this.relay(session.runId, message))
    void session.done.then(() => this.hub.emit('training.onDidChangeRuns', { runId: session.runId }))
    this.hub.emit('training.onDidChangeRuns', { runId: session.runId })
    return this.summary(session.runId)
  }

  private relay(runId: number, message: TrainerMessage): void {
    if (message.type === 'progress') {
      const now = Date.now()
      if (now - this.lastProgressAt < progressEveryMs) return
      this.lastProgressAt = now
    }
    if (message.type === 'paused' || message.type === 'resumed') {
      setRunStatus(this.db, runId, message.type === 'paused' ? 'paused' : 'running')
    }
    this.hub.emit('training.onDidReport', { runId, message })
    if (message.type === 'ready' || message.type === 'paused' || message.type === 'resumed' || message.type === 'metrics') {
      this.hub.emit('training.onDidChangeRuns', { runId })
    }
  }

  private live(runId: number): TrainingSession {
    if (this.session?.runId !== runId || !this.session.running) throw new ApiError('invalid-argument', `run ${runId} is not training now`, 'runId')
    return this.session
  }

  private summary(runId: number): RunSummary {
    const run = getRun(this.db, runId)
    if (!run) throw new ApiError('not-found', `no training run ${runId} in this workspace`, 'runId')
    return this.toSummary(run)
  }

  private toSummary(run: ReturnType<typeof listRuns>[number]): RunSummary {
    const checkpoints = (this.db.prepare('SELECT count(*) FROM training_checkpoints WHERE run_id = ?').pluck().get(run.id) as number) ?? 0
    return { ...run, live: this.session?.runId === run.id && this.session.running, stages: run.config.stages.map((s) => s.kind), checkpoints }
  }
}
