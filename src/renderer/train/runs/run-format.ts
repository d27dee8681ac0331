import type { RunStatus, RunSummary } from '../../../shared/api/training'
import { formatSeconds } from '../live/live-run'

const resumable: readonly RunStatus[] = ['interrupted', 'stopped', 'failed', 'time-budget']

/** Whether a run can continue from its last checkpoint (`training.resumeRun`). */
export function canResume(run: Pick<RunSummary, 'status' | 'live'>): boolean {
  return !run.live && resumable.includes(run.status)
}

/** The chip colour of a status. */
export function statusColour(status: string): 'default' | 'primary' | 'success' | 'warning' | 'error' | 'info' {
  switch (status) {
    case 'running':
    case 'starting':
      return 'primary'
    case 'paused':
      return 'info'
    case 'completed':
      return 'success'
    case 'stopped':
    case 'time-budget':
    case 'interrupted':
      return 'warning'
    case 'failed':
      return 'error'
    default:
      return 'default'
  }
}

/**
 * The metric the run's best checkpoint is ranked by: F2 of the labels stage, or accuracy of the boxes stage;
 * `where` adds the stage and epoch it was reached at.
 */
export function bestMetricText(run: Pick<RunSummary, 'bestMetric' | 'bestStage' | 'bestEpoch' | 'stages'>, where = true): string {
  if (run.bestMetric === null) return '–'
  const kind = run.bestStage === null ? undefined : run.stages[run.bestStage]
  const name = kind === 'boxes' ? 'accuracy' : 'F2'
  const at = where && run.bestStage !== null ? ` (stage ${run.bestStage + 1}, epoch ${run.bestEpoch ?? '?'})` : ''
  return `${name} ${run.bestMetric.toFixed(3)}${at}`
}

/**
 * Why a run ended early: its recorded error, or for a failed or interrupted run without one (a trainer that
 * was killed) the last error line of its log.
 */
export function runErrorText(run: Pick<RunSummary, 'error' | 'status'>, log: ReadonlyArray<{ level: string; text: string }>): string | null {
  if (run.error) return run.error
  if (run.status !== 'failed' && run.status !== 'interrupted') return null
  return log.findLast((line) => line.level === 'error')?.text ?? null
}

/** How long a run has trained. */
export function durationText(seconds: number): string {
  return seconds > 0 ? formatSeconds(seconds) : '–'
}

/** A creation time as "2025-03-04 14:05". */
export function createdText(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** Quotes a shell argument when it needs it (paths with spaces). */
function shellArgument(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`
}

/** The command that predicts the tuning images with a run's best checkpoint (`oiw predict`, CLI only for now). */
export function predictCommand(workspace: string, runId: number): string {
  return `oiw predict --workspace ${shellArgument(workspace)} --run ${runId} --images tuning --tta`
}
