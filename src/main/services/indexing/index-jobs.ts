import type { IndexJob, IndexProgress, IndexReport } from '../../../shared/api/index'
import { ApiError } from '../../../shared/errors'
import type { EventHub } from '../../transport/event-hub'
import { CliJob } from '../cli-child'

type ChildMessage = { type: 'progress'; progress: IndexProgress } | { type: 'done'; report: IndexReport }

/**
 * Runs `oiw index` for the app in a child process, so the process that serves the UI never blocks on
 * a 40 M-row import; its progress comes back as messages and goes out as `catalog.onDidIndexProgress`.
 * Cancel sends SIGTERM: the child rolls back the file it is importing and exits.
 */
export class IndexJobs extends CliJob<IndexJob> {
  constructor(
    private readonly cliScript: string,
    private readonly workspaceDir: string,
    hub: EventHub,
    /** Called after a run that changed the catalog (finished or failed part-way). */
    private readonly onCatalogChanged: () => void = () => {},
  ) {
    super({ state: 'idle', folder: null, progress: null, report: null, error: null }, (job) => hub.emit('catalog.onDidIndexProgress', job))
  }

  /** `replaceWithEmpty`: the user confirmed that a file may replace its kind's rows with none or fewer than half (`--replace-with-empty`). */
  start(folder: string, options: { replaceWithEmpty?: boolean } = {}): IndexJob {
    if (this.running) throw new ApiError('busy', `already indexing ${this.job.folder}; cancel it first`)
    this.fork<ChildMessage>(
      this.cliScript,
      ['index', folder, '--workspace', this.workspaceDir, '--progress-ipc', ...(options.replaceWithEmpty ? ['--replace-with-empty'] : [])],
      (message) => {
        if (message.type === 'progress') this.update({ progress: message.progress })
        else this.update({ state: 'finished', report: message.report })
      },
      ({ code, signal, lastError }) => {
        if (this.job.state === 'running') {
          const cancelled = /cancelled/.test(lastError ?? '') || signal === 'SIGTERM'
          this.update({ state: cancelled ? 'cancelled' : 'failed', error: cancelled ? null : (lastError ?? `the indexer exited with ${code ?? signal}`) })
        }
        this.onCatalogChanged()
      },
    )
    this.update({ state: 'running', folder, progress: null, report: null, error: null })
    return this.job
  }
}
