import type { RunPlan } from './budget-plan'
import type { RunConfig } from './config'

/** Where a run stands. `interrupted`: the trainer died (crash, kill -9) while the run was going; resumable. */
export const runStatuses = ['created', 'running', 'paused', 'completed', 'stopped', 'time-budget', 'failed', 'interrupted'] as const
export type RunStatus = (typeof runStatuses)[number]

/** One training run as the catalog records it. Times are ISO strings; metrics are validation F2 or accuracy. */
export interface TrainingRun {
  id: number
  name: string
  config: RunConfig
  status: RunStatus
  backend: string | null
  backendReason: string | null
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  seconds: number
  error: string | null
  bestMetric: number | null
  bestStage: number | null
  bestEpoch: number | null
  imagesPerSecond: number | null
  /** The latest revision of the run's time-budget plan; null for runs without a budget to fill. */
  plan: RunPlan | null
}

/** One finished epoch's validation, as recorded. */
export interface EpochRecord {
  stageIndex: number
  stage: string
  epoch: number
  trainLoss: number
  validationLoss: number
  accuracy: number | null
  f2: number | null
  threshold: number | null
  baseline: number | null
  imagesPerSecond: number
  seconds: number
  optimizer: string
}

/** Epoch checkpoints training keeps per stage besides the best one (older ones are deleted to bound disk use). */
export const keepLastEpochs = 2

export interface CheckpointRecord {
  id: number
  stageIndex: number
  epoch: number
  kind: 'epoch' | 'position'
  path: string
  metric: number | null
  best: boolean
  globalStep: number
  createdAt: string
}
