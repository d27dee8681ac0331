import { fork, type ChildProcess } from 'node:child_process'
import type { IndexJob, IndexProgress, IndexReport } from '../../../shared/api/index'
import { ApiError } from '../../../shared/errors'
import type { EventHub } from '../../transport/event-hub'

type ChildMessage = { type: 'progress'; progress: IndexProgress } | { type: 'done'; report: IndexReport }

/**
 * Runs `oiw index` for the app in a child process, so the process that serves the UI never blocks on
 * a 40 M-row import; its progress comes back as messages and goes out as `catalog.onDidIndexProgress`.
 * Cancel sends SIGTERM: the child rolls back the file it is importing and exits.
 */
export class IndexJobs {
  private job: IndexJob = { state: 'idle', folder: null, progress: null, report: null, error: null }
  private child: ChildProcess | null = null

  constructor(
    private readonly cliScript: string,
    private readonly workspaceDir: string,
    private readonly hub: EventHub,
    /** Called after a run that changed the catalog (finished or failed part-way). */
    private readonly onCatalogChanged: () => void = () => {},
  ) {}

  current(): IndexJob {
    return this.job
  }

  start(folder: string): IndexJob {
    if (this.child) throw new ApiError('busy', `already indexing ${this.job.folder}; cancel it first`)
    let stderr = ''
    const child = fork(this.cliScript, ['index', folder, '--workspace', this.workspaceDir, '--progress-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
    this.child = child
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'progress') this.update({ progress: message.progress })
      else this.update({ state: 'finished', report: message.report })
    })
    child.on('exit', (code, signal) => {
      this.child = null
      if (this.job.state === 'running') {
        const cancelled = /cancelled/.test(stderr) || signal === 'SIGTERM'
        const reason = stderr.trim().split('\n').at(-1)?.replace(/^oiw: /, '') || `the indexer exited with ${code ?? signal}`
        this.update({ state: cancelled ? 'cancelled' : 'failed', error: cancelled ? null : reason })
      }
      this.onCatalogChanged()
    })
    this.update({ state: 'running', folder, progress: null, report: null, error: null })
    return this.job
  }

  cancel(): IndexJob {
    this.child?.kill('SIGTERM')
    return this.job
  }

  /** Stops a running child for good (app shutdown). */
  dispose(): void {
    this.child?.kill('SIGKILL')
  }

  private update(change: Partial<IndexJob>): void {
    this.job = { ...this.job, ...change }
    this.hub.emit('catalog.onDidIndexProgress', this.job)
  }
}
