import { SingleBar, Presets } from 'cli-progress'
import type { IndexProgress, JobProgress } from '../../shared/api/index'

/**
 * Shows a long job's progress on stderr: a bar on a terminal, plain lines (at most one a second, and
 * one per phase) otherwise, nothing with --json so stdout stays machine-readable.
 */
export function progressReporter(options: { json: boolean }): (progress: JobProgress) => void {
  if (options.json) return () => {}
  if (process.stderr.isTTY) {
    const bar = new SingleBar({ format: '{phase} [{bar}] {value}/{total} {detail}', stream: process.stderr, hideCursor: true }, Presets.shades_classic)
    let running = false
    return (p) => {
      if (!running) bar.start(p.total ?? 0, p.done, { phase: p.phase, detail: p.detail ?? '' })
      running = true
      bar.setTotal(p.total ?? 0)
      bar.update(p.done, { phase: p.phase, detail: p.detail ?? '' })
      if (p.finished) {
        bar.stop()
        running = false
      }
    }
  }
  let lastPhase = ''
  let lastAt = 0
  return (p) => {
    const now = Date.now()
    if (p.phase === lastPhase && now - lastAt < 1000 && !p.finished) return
    lastPhase = p.phase
    lastAt = now
    process.stderr.write(`${p.job}: ${p.phase} ${p.done}${p.total === null ? '' : `/${p.total}`}${p.detail ? ` ${p.detail}` : ''}\n`)
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1 << 30 ? `${(bytes / (1 << 30)).toFixed(2)} GB` : `${(bytes / (1 << 20)).toFixed(1)} MB`
}

/** Indexing progress on stderr: a bar per file with rows, bytes, rate and ETA on a terminal, lines otherwise. */
export function indexProgressReporter(options: { json: boolean }): (progress: IndexProgress) => void {
  const show = progressReporter(options)
  return (p) =>
    show({
      job: 'index',
      phase: `${p.fileIndex + 1}/${p.fileCount} ${p.file}`,
      detail: `${p.rows.toLocaleString('en-US')} rows, ${formatBytes(p.bytes)}, ${p.rowsPerSecond.toLocaleString('en-US')} rows/s, ETA ${p.etaSeconds ?? '?'} s`,
      done: p.totalBytes > 0 ? Math.round((p.bytes / p.totalBytes) * 100) : 0,
      total: 100,
      finished: false,
    })
}
