import type { StageSchedule } from './budget-planner'

/**
 * Where a run is, saved in every checkpoint's meta so a resumed trainer continues exactly there: the stage,
 * the epoch and the next batch of that epoch's (deterministic) order, the step counters, the optimizer in
 * use (after a switch) and the validation history the switch rule reads.
 */
export interface RunPosition {
  stageIndex: number
  /** 1-based epoch to continue in. */
  epoch: number
  /** First batch of `epoch` not yet trained. */
  nextBatch: number
  /** Optimizer steps taken in this stage (the schedule's clock) and in the run (charts). */
  stageStep: number
  globalStep: number
  switched: boolean
  /** Validation metric of each finished epoch of this stage. */
  history: number[]
  bestMetric: number | null
  classCodes: string[]
  arch: string
  width: number
  seconds: number
  images: number
  /** A run with a time budget planned to fill: the stage's schedule when the checkpoint was written. */
  schedule?: StageSchedule
}

export function isRunPosition(value: unknown): value is RunPosition {
  const v = value as Partial<RunPosition> | null
  return !!v && typeof v.stageIndex === 'number' && typeof v.epoch === 'number' && typeof v.nextBatch === 'number' && Array.isArray(v.classCodes)
}
