import { fork, type ChildProcess } from 'node:child_process'
import type { JobProgress, PredictJob, PredictionReport } from '../../../shared/api/index'
import type { ImageSetName } from '../../../shared/training/prediction'
import { ApiError } from '../../../shared/errors'
import type { Db } from '../../db/connection'
import { getRun } from '../../db/queries/training-runs'
import type { EventHub } from '../../transport/event-hub'

type ChildMessage = { type: 'backend' } | { type: 'progress'; progress: JobProgress } | { type: 'done'; report: PredictionReport } | { type: 'stopped' }

/**
 * Runs `oiw predict` for the app in a child process (tfjs and the model stay out of the process serving
 * the UI), relaying its progress as `training.onDidPredictProgress`. Cancel sends SIGTERM: nothing is stored.
 */
export class PredictJobs {
  private job: PredictJob = { state: 'idle', runId: null, images: null, tta: false, progress: null, report: null, error: null }
  private child: ChildProcess | null = null

  constructor(
    private readonly db: Db,
    private readonly cliScript: string,
    private readonly workspaceDir: string,
    private readonly hub: EventHub,
  ) {}

  current(): PredictJob {
    return this.job
  }

  start(runId: number, images: ImageSetName, tta: boolean): PredictJob {
    if (this.child) throw new ApiError('busy', `already predicting with run ${this.job.runId}; cancel it first`)
    const run = getRun(this.db, runId)
    if (!run) throw new ApiError('not-found', `no training run ${runId} in this workspace`, 'runId')
    if (run.bestMetric === null) throw new ApiError('invalid-argument', `run ${runId} has no validated checkpoint yet`, 'runId')
    const args = ['predict', '--workspace', this.workspaceDir, '--run', String(runId), '--images', images, '--replace', '--progress-ipc', ...(tta ? ['--tta'] : [])]
    let stderr = ''
    const child = fork(this.cliScript, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
    this.child = child
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'progress') this.update({ progress: message.progress })
      else if (message.type === 'done') this.update({ state: 'finished', report: message.report })
      else if (message.type === 'stopped') this.update({ state: 'cancelled' })
    })
    child.on('exit', (code, signal) => {
      this.child = null
      if (this.job.state !== 'running') return
      const reason = stderr.trim().split('\n').at(-1)?.replace(/^oiw: /, '') || `oiw predict exited with ${code ?? signal}`
      this.update(signal === 'SIGTERM' ? { state: 'cancelled' } : { state: 'failed', error: reason })
    })
    this.update({ state: 'running', runId, images, tta, progress: null, report: null, error: null })
    return this.job
  }

  cancel(): PredictJob {
    this.child?.kill('SIGTERM')
    return this.job
  }

  dispose(): void {
    this.child?.kill('SIGKILL')
  }

  private update(change: Partial<PredictJob>): void {
    this.job = { ...this.job, ...change }
    this.hub.emit('training.onDidPredictProgress', this.job)
  }
}
