import { mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { KaggleChildMessage, KaggleJob, KagglePipeline, KaggleSampleFile } from '../../../shared/api/kaggle'
import { ApiError } from '../../../shared/errors'
import type { Db } from '../../db/connection'
import { lastKagglePipeline, listSampleFiles } from '../../db/queries/kaggle'
import type { EventHub } from '../../transport/event-hub'
import { CliJob } from '../cli-child'

/** The last pipeline as a job when the app opens: one left `running` lost its process (it resumes when started again). */
function jobOf(pipeline: KagglePipeline): KaggleJob {
  switch (pipeline.status) {
    case 'completed':
      return { state: 'finished', pipeline, error: null }
    case 'interrupted':
      return { state: 'cancelled', pipeline, error: null }
    case 'failed':
      return { state: 'failed', pipeline, error: pipeline.error }
    case 'running':
      return { state: 'failed', pipeline, error: 'the pipeline\'s process ended before it finished: start it again to resume' }
  }
}

/**
 * Runs `oiw kaggle` for the app in a child process (indexing, the trainer's parent, tfjs for predicting and
 * the threshold fit stay out of the process serving the UI). The pipeline's record comes back on every change
 * and goes out as `kaggle.onDidProgress`; the trainer's messages go out as `training.onDidReport`, so the
 * Train tab's live view follows the run. Cancel sends SIGTERM: the trainer stops at its step, resumable.
 */
export class KaggleJobs extends CliJob<KaggleJob> {
  constructor(
    private readonly db: Db,
    private readonly cliScript: string,
    private readonly workspaceDir: string,
    private readonly hub: EventHub,
    /** Why training cannot start now (another run is training), or null. */
    private readonly trainerBusy: () => string | null,
  ) {
    const last = lastKagglePipeline(db)
    // SIGTERM on dispose: the pipeline stops its trainer at its step, resumable
    super(last ? jobOf(last) : { state: 'idle', pipeline: null, error: null }, (job) => hub.emit('kaggle.onDidProgress', job), 'SIGTERM')
  }

  /** The sample submissions a pipeline can write rows for: those the catalog imported. */
  sampleFiles(): KaggleSampleFile[] {
    return listSampleFiles(this.db)
  }

  /** Why another trainer may not start now: a pipeline is going. */
  busyReason(): string | null {
    return this.running ? `the Kaggle pipeline ${this.job.pipeline?.id ?? ''} is running; cancel it or wait for it to end` : null
  }

  start(sample: string, budgetSeconds: number, preset: string, adapt: 'default' | 'none' = 'default'): KaggleJob {
    if (this.running) throw new ApiError('busy', this.busyReason()!)
    const busy = this.trainerBusy()
    if (busy) throw new ApiError('busy', busy)
    if (!this.sampleFiles().some((f) => f.file === sample)) throw new ApiError('not-found', `${sample} is not a sample submission this catalog indexed (index it first)`, 'sample')
    const exports = join(this.workspaceDir, 'exports')
    mkdirSync(exports, { recursive: true })
    const out = join(exports, `kaggle-${basename(sample).replace(/\.csv$/i, '')}.csv`)
    const args = ['kaggle', '--workspace', this.workspaceDir, '--time-budget', `${budgetSeconds}s`, '--sample', sample, '--out', out, '--preset', preset, '--adapt', adapt, '--progress-ipc']
    this.fork<KaggleChildMessage>(
      this.cliScript,
      args,
      (message) => {
        if (message.type === 'pipeline') return this.update({ pipeline: message.pipeline })
        this.hub.emit('training.onDidReport', { runId: message.runId, message: message.message })
        if (message.message.type === 'ready' || message.message.type === 'metrics' || message.message.type === 'done') this.hub.emit('training.onDidChangeRuns', { runId: message.runId })
      },
      ({ code, signal, lastError }) => {
        const status = this.job.pipeline?.status
        if (status === 'completed') return this.update({ state: 'finished' })
        if (status === 'interrupted' || signal === 'SIGTERM') return this.update({ state: 'cancelled', error: null })
        this.update({ state: 'failed', error: this.job.pipeline?.error ?? lastError ?? `oiw kaggle exited with ${code ?? signal}` })
      },
    )
    this.update({ state: 'running', pipeline: null, error: null })
    return this.job
  }
}
