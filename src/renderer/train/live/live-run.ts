import type { EpochRecord, RunDetail, StepPoint, TrainerMessage } from '../../../shared/api/training'
import type { RunPlan } from '../../../shared/training/budget-plan'
import type { BackendChoice, ProgressReport } from '../../../shared/training/protocol'

/** How many log lines the live view keeps. */
export const logLimit = 200
/** Step points kept for the live charts; past twice this the older half is thinned (every other point). */
export const stepLimit = 1500

export interface LogLine {
  /** Unix seconds, as the run records store them. */
  at: number
  level: string
  text: string
}

export type LiveState = 'starting' | 'running' | 'paused' | 'ended'

/** A run as the live view draws it: grown by each trainer message, never refetched as a whole. */
export interface LiveRun {
  runId: number
  state: LiveState
  backend: BackendChoice | null
  progress: ProgressReport | null
  steps: StepPoint[]
  epochs: EpochRecord[]
  log: LogLine[]
  error: string | null
  end: { status: string; bestMetric: number | null; seconds: number } | null
  /** The time-budget plan's latest revision (runs with a budget to fill). */
  plan: RunPlan | null
}

/** A run the live view has heard nothing about yet. */
export function emptyLiveRun(runId: number): LiveRun {
  return { runId, state: 'starting', backend: null, progress: null, steps: [], epochs: [], log: [], error: null, end: null, plan: null }
}

/** The live view of a run read with `training.getRun` (when the page opens on a run that is training). */
export function liveRunFromDetail(detail: RunDetail): LiveRun {
  const { run } = detail
  const state: LiveState = run.status === 'paused' ? 'paused' : run.live || run.status === 'running' ? 'running' : 'ended'
  return {
    ...emptyLiveRun(run.id),
    state,
    backend: run.backend ? { name: run.backend as BackendChoice['name'], reason: run.backendReason ?? '', skipped: [], threads: 1 } : null,
    steps: thinSteps([...detail.steps]),
    epochs: [...detail.epochs],
    log: detail.log.slice(-logLimit),
    error: run.error,
    plan: run.plan,
  }
}

/**
 * Keeps a growing list of points bounded: past `2 × limit`, every other point of all but the newest `limit`
 * is dropped, so old history gets coarser while the recent part keeps every point. Mutates and returns `steps`.
 */
export function thinSteps(steps: StepPoint[], limit = stepLimit): StepPoint[] {
  if (steps.length <= 2 * limit) return steps
  const old = steps.length - limit
  const kept = steps.slice(0, old).filter((_, i) => i % 2 === 0)
  steps.splice(0, old, ...kept)
  return steps
}

function pushLog(run: LiveRun, line: LogLine): void {
  run.log.push(line)
  if (run.log.length > logLimit) run.log.splice(0, run.log.length - logLimit)
}

function epochOf(message: Extract<TrainerMessage, { type: 'metrics' }>, optimizer: string): EpochRecord {
  return {
    stageIndex: message.stageIndex,
    stage: message.stage,
    epoch: message.epoch,
    trainLoss: message.trainLoss,
    validationLoss: message.validationLoss,
    accuracy: message.accuracy ?? null,
    f2: message.f2 ?? null,
    threshold: message.threshold ?? null,
    baseline: message.baseline,
    imagesPerSecond: message.imagesPerSecond,
    seconds: message.seconds,
    optimizer,
  }
}

/**
 * Adds one trainer message to the live run, in place (the arrays grow by a point; nothing is copied).
 * Steps already present (a message that raced the initial `getRun`) are skipped. `at` is the arrival time
 * in Unix seconds (the unit of the run records).
 */
export function applyMessage(run: LiveRun, message: TrainerMessage, at: number): void {
  switch (message.type) {
    case 'ready':
      run.backend = message.backend
      run.state = 'running'
      pushLog(run, { at, level: 'info', text: `trainer ready on ${message.backend.name}: ${message.backend.reason}` })
      return
    case 'progress': {
      run.progress = message
      if (run.state === 'starting') run.state = 'running'
      const last = run.steps.at(-1)
      if (last && last.globalStep >= message.globalStep) return
      run.steps.push({ globalStep: message.globalStep, stageIndex: message.stageIndex, epoch: message.epoch, loss: message.loss, lr: message.lr, imagesPerSecond: message.imagesPerSecond, at })
      thinSteps(run.steps)
      return
    }
    case 'metrics':
      if (run.epochs.some((e) => e.stageIndex === message.stageIndex && e.epoch === message.epoch)) return
      run.epochs.push(epochOf(message, message.optimizer))
      return
    case 'checkpoint':
      pushLog(run, { at, level: 'info', text: `checkpoint at stage ${message.stageIndex + 1}, epoch ${message.epoch}${message.best ? ' (best so far)' : ''}` })
      return
    case 'log':
      pushLog(run, { at, level: message.level, text: message.text })
      return
    case 'plan':
      run.plan = message.plan
      return
    case 'paused':
      run.state = 'paused'
      return
    case 'resumed':
      run.state = 'running'
      return
    case 'error':
      run.error = message.message
      run.state = 'ended'
      pushLog(run, { at, level: 'error', text: message.message })
      return
    case 'done':
      run.end = { status: message.status, bestMetric: message.bestMetric, seconds: message.seconds }
      run.state = 'ended'
      return
  }
}

/** The fraction of a stage done at a progress report (0..1). */
export function stageFraction(p: Pick<ProgressReport, 'epoch' | 'epochs' | 'step' | 'stepsPerEpoch'>): number {
  const total = p.epochs * p.stepsPerEpoch
  return total > 0 ? Math.min(1, ((p.epoch - 1) * p.stepsPerEpoch + p.step) / total) : 0
}

/** Seconds as "42 s", "3 min 05 s", "2 h 07 min". */
export { formatDuration as formatSeconds } from '../../../shared/duration'
