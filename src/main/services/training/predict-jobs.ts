import type { JobProgress, PredictJob, PredictionReport } from '../../../shared/api/index'
import type { ImageSetName } from '../../../shared/training/prediction'
import { ApiError } from '../../../shared/errors'
import type { Db } from '../../db/connection'
import { getRun } from '../../db/queries/training-runs'
import type { EventHub } from '../../transport/event-hub'
import { CliJob } from '../cli-child'

type ChildMessage = { type: 'backend' } | { type: 'progress'; progress: JobProgress } | { type: 'done'; report: PredictionReport } | { type: 'stopped' }

/**
 * Runs `oiw predict` for the app in a child process (tfjs and the model stay out of the process serving
 * the UI), relaying its progress as `training.onDidPredictProgress`. Cancel sends SIGTERM: nothing is stored.
 */
export class PredictJobs extends CliJob<PredictJob> {
  constructor(
    private readonly db: Db,
    private readonly cliScript: string,
    private readonly workspaceDir: string,
    hub: EventHub,
  ) {
    super({ state: 'idle', runId: null, images: null, tta: false, progress: null, report: null, error: null }, (job) => hub.emit('training.onDidPredictProgress', job))
  }

  start(runId: number, images: ImageSetName, tta: boolean): PredictJob {
    if (this.running) throw new ApiError('busy', `already predicting with run ${this.job.runId}; cancel it first`)
    const run = getRun(this.db, runId)
    if (!run) throw new ApiError('not-found', `no training run ${runId} in this workspace`, 'runId')
    if (run.bestMetric === null) throw new ApiError('invalid-argument', `run ${runId} has no validated checkpoint yet`, 'runId')
    const args = ['predict', '--workspace', this.workspaceDir, '--run', String(runId), '--images', images, '--replace', '--progress-ipc', ...(tta ? ['--tta'] : [])]
    this.fork<ChildMessage>(
      this.cliScript,
      args,
      (message) => {
        if (message.type === 'progress') this.update({ progress: message.progress })
        else if (message.type === 'done') this.update({ state: 'finished', report: message.report })
        else if (message.type === 'stopped') this.update({ state: 'cancelled' })
      },
      ({ code, signal, lastError }) => {
        if (this.job.state !== 'running') return
        this.update(signal === 'SIGTERM' ? { state: 'cancelled' } : { state: 'failed', error: lastError ?? `oiw predict exited with ${code ?? signal}` })
      },
    )
    this.update({ state: 'running', runId, images, tta, progress: null, report: null, error: null })
    return this.job
  }
}
