import type { Db } from '../../db/connection'
import { appendRunLog, createRun, finishRun, getRun, markInterrupted } from '../../db/queries/training-runs'
import { ApiError } from '../../../shared/errors'
import type { RunConfig } from '../../../shared/training/config'
import type { BackendName, TrainerMessage, TrainerStatus } from '../../../shared/training/protocol'
import type { RunStatus } from '../../../shared/training/runs'
import type { StartTrainer, TrainerProcess } from './trainer-process'

export interface SessionEnd {
  status: TrainerStatus | 'failed' | 'interrupted'
  error?: string
}

export type StartRequest = { config: RunConfig; backend?: BackendName } | { resumeRunId: number; backend?: BackendName; budgetLeftSeconds?: number }

/** Whether a process id is alive (signal 0 checks without sending anything). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * One run being trained by a trainer process, from the parent's side: creates (or reopens) the run in the
 * catalog, starts the trainer, relays its messages, and sends pause/resume/stop. If the trainer dies without
 * saying `done` the run is marked interrupted (killed) or failed (crashed) — resumable either way.
 */
export class TrainingSession {
  private readonly listeners = new Set<(message: TrainerMessage) => void>()
  private ended = false
  readonly done: Promise<SessionEnd>

  private constructor(
    readonly runId: number,
    private readonly trainer: TrainerProcess,
    db: Db,
  ) {
    let finish: (end: SessionEnd) => void = () => {}
    this.done = new Promise((resolve) => (finish = resolve))
    let last: SessionEnd | null = null
    trainer.onMessage((message) => {
      if (message.type === 'done') last = { status: message.status }
      if (message.type === 'error') last = { status: 'failed', error: message.message }
      for (const listener of this.listeners) listener(message)
    })
    trainer.onExit((code, signal) => {
      this.ended = true
      if (!last) {
        const status: RunStatus = signal ? 'interrupted' : 'failed'
        const error = signal ? `the trainer was killed (${signal})` : `the trainer exited with code ${code}`
        const run = db.open ? getRun(db, runId) : null
        if (run && (run.status === 'running' || run.status === 'paused')) {
          finishRun(db, runId, status, { seconds: run.seconds, error })
          appendRunLog(db, runId, 'error', error)
        }
        last = { status, error }
        for (const listener of this.listeners) listener({ type: 'error', message: error })
      }
      finish(last)
    })
  }

  /** Creates the run (or reopens one to resume) and starts its trainer. */
  static start(db: Db, workspaceDir: string, request: StartRequest, startTrainer: StartTrainer): TrainingSession {
    markInterrupted(db, isProcessAlive)
    let runId: number
    let config: RunConfig
    let resume = false
    if ('resumeRunId' in request) {
      const run = getRun(db, request.resumeRunId)
      if (!run) throw new ApiError('not-found', `no training run ${request.resumeRunId} in this workspace`, 'run')
      if (run.status === 'running' || run.status === 'paused') throw new ApiError('busy', `run ${run.id} is already being trained`, 'run')
      if (run.status === 'completed') throw new ApiError('invalid-argument', `run ${run.id} has completed; start a new run instead`, 'run')
      runId = run.id
      config = run.config
      resume = true
    } else {
      config = request.config
      runId = createRun(db, config)
    }
    const trainer = startTrainer()
    const session = new TrainingSession(runId, trainer, db)
    const budgetLeft = 'budgetLeftSeconds' in request && request.budgetLeftSeconds !== undefined ? { budgetLeftSeconds: request.budgetLeftSeconds } : {}
    trainer.send({ type: 'start', workspace: workspaceDir, runId, config, resume, ...(request.backend ? { backend: request.backend } : {}), ...budgetLeft })
    return session
  }

  get pid(): number | undefined {
    return this.trainer.pid
  }

  get running(): boolean {
    return !this.ended
  }

  onMessage(listener: (message: TrainerMessage) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  pause(): void {
    this.trainer.send({ type: 'pause' })
  }

  resume(): void {
    this.trainer.send({ type: 'resume' })
  }

  /** Asks the trainer to end after the current step, saving its position (resumable). */
  stop(): void {
    this.trainer.send({ type: 'stop' })
  }

  /** Ends the trainer at once (it can still be resumed from its last checkpoint). */
  kill(): void {
    this.trainer.kill('SIGKILL')
  }
}
