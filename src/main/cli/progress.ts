import { SingleBar, Presets } from 'cli-progress'
import type { JobProgress } from '../../shared/api/index'

/**
 * Shows a long job's progress on stderr: a bar on a terminal, plain lines (at most one a second, and
 * one per phase) otherwise, nothing with --json so stdout stays machine-readable.
 */
export function progressReporter(options: { json: boolean }): (progress: JobProgress) => void {
  if (options.json) return () => {}
  if (process.stderr.isTTY) {
    const bar = new SingleBar({ format: '{phase} [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true }, Presets.shades_classic)
    let running = false
    return (p) => {
      if (!running) bar.start(p.total ?? 0, p.done, { phase: p.phase })
      running = true
      bar.setTotal(p.total ?? 0)
      bar.update(p.done, { phase: p.phase })
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
    process.stderr.write(`${p.job}: ${p.phase} ${p.done}${p.total === null ? '' : `/${p.total}`}\n`)
  }
}
