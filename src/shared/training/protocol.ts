import type { RunPlan } from './budget-plan'
import type { RunConfig, StageKind } from './config'

/**
 * The trainer process's message protocol. The trainer runs in Electron's utilityProcess in the app and in
 * a `child_process.fork` in headless mode and the CLI; both carry these plain objects (structured clone /
 * JSON), so they hold no typed arrays or class instances. The trainer records everything it reports in the
 * catalog as well, so a parent that dies loses nothing.
 */

/** The parent's commands. `start` is sent once, right after the process is up. */
export type TrainerCommand =
  | {
      type: 'start'
      /** Absolute path of the workspace folder (its catalog.sqlite and runs/ folder). */
      workspace: string
      /** The run's id in the catalog's `training_runs` table; created by the parent (or the CLI) before forking. */
      runId: number
      config: RunConfig
      /** Continue from the run's last checkpoint instead of starting fresh. */
      resume: boolean
      /** Force a backend instead of the best present (tests, benchmarks): `wasm`, `cpu`, … */
      backend?: BackendName
      /**
       * A resumed run with a time budget: the seconds it has left as its parent counts them (the Kaggle pipeline
       * counts every second since it began). Default: the budget less the seconds its checkpoint recorded.
       */
      budgetLeftSeconds?: number
    }
  /** Only say which backend would run (a `ready` message), then exit: the training page shows it before a run. */
  | { type: 'probe'; backend?: BackendName }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }

export const backendNames = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const
export type BackendName = (typeof backendNames)[number]

/** Which backend runs and why the better ones did not load (one line each). */
export interface BackendChoice {
  name: BackendName
  reason: string
  /** The backends tried before it, with why each was not used. */
  skipped: Array<{ name: BackendName; reason: string }>
  threads: number
}

export interface StagePosition {
  /** 0-based index into config.stages. */
  stageIndex: number
  stage: StageKind
  /** 1-based epoch within the stage. */
  epoch: number
  epochs: number
}

export interface ProgressReport extends StagePosition {
  /** 1-based step within the epoch and the epoch's number of steps. */
  step: number
  stepsPerEpoch: number
  /** Steps since the run began (all stages), for charts. */
  globalStep: number
  loss: number
  lr: number
  inputSize: number
  imagesPerSecond: number
  /** Seconds until the current stage ends, at the current speed. */
  etaSeconds: number
  optimizer: string
}

/** End-of-epoch validation: `f2` at the best global threshold (labels stage), `accuracy` (boxes stage). */
export interface EpochMetrics extends StagePosition {
  trainLoss: number
  validationLoss: number
  accuracy?: number
  f2?: number
  threshold?: number
  /**
   * What a model that ignores the image scores on the same validation samples: the F2 of predicting the most
   * frequent labels (labels stage), the accuracy of always answering the most frequent class (boxes stage).
   */
  baseline: number
  imagesPerSecond: number
  seconds: number
  /** The optimizer that trained this epoch (it changes when the switch rule fires). */
  optimizer: string
}

export interface CheckpointReport extends StagePosition {
  /** Folder of the checkpoint (manifest.json + weights.bin), absolute. */
  path: string
  metric: number
  best: boolean
}

export type TrainerStatus = 'completed' | 'stopped' | 'time-budget'

/** The trainer's messages to its parent. */
export type TrainerMessage =
  | { type: 'ready'; backend: BackendChoice; resumedFrom?: StagePosition & { step: number } }
  | ({ type: 'progress' } & ProgressReport)
  | ({ type: 'metrics' } & EpochMetrics)
  | ({ type: 'checkpoint' } & CheckpointReport)
  /** The time-budget plan, at the start (once the first stage's speed is measured) and at each revision. */
  | { type: 'plan'; plan: RunPlan }
  | { type: 'log'; level: 'info' | 'warn'; text: string }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'error'; message: string; stack?: string }
  | { type: 'done'; status: TrainerStatus; bestMetric: number | null; seconds: number }

/** Narrowing helper for code that receives `unknown` from a process channel. */
export function isTrainerMessage(value: unknown): value is TrainerMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
}
