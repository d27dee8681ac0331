import { z } from 'zod'
import { runConfigSchema, type RunConfig } from '../training/config'
import { imageSetNames, type ImageSetName, type PredictionReport } from '../training/prediction'
import { backendNames, type BackendChoice, type TrainerMessage } from '../training/protocol'
import type { JobProgress } from './workspace'
import type { CheckpointRecord, EpochRecord, TrainingRun } from '../training/runs'
import { event, method } from './define'

export type { BackendChoice, TrainerMessage } from '../training/protocol'
export type { CheckpointRecord, EpochRecord, RunStatus, TrainingRun } from '../training/runs'
export type { RunConfig, RunConfigInput, StageConfig } from '../training/config'
export type { ImageSetName, PredictionReport } from '../training/prediction'

/** A run as the runs list shows it: the catalog's record, and whether a trainer is working on it now. */
export interface RunSummary extends TrainingRun {
  live: boolean
  /** Stage kinds in order, e.g. ['boxes', 'labels']. */
  stages: string[]
  checkpoints: number
}

/** One optimizer step as charts draw it. */
export interface StepPoint {
  globalStep: number
  stageIndex: number
  epoch: number
  loss: number
  lr: number
  imagesPerSecond: number
  /** Unix time in seconds. */
  at: number
}

/** Everything the live view and a run's page show. Steps are thinned to at most ~2,000 evenly spaced points. */
export interface RunDetail {
  run: RunSummary
  epochs: EpochRecord[]
  steps: StepPoint[]
  checkpoints: CheckpointRecord[]
  /** The last 200 lines; `at` in Unix seconds. */
  log: Array<{ at: number; level: string; text: string }>
}

export interface PresetInfo {
  name: string
  label: string
  config: RunConfig
}

/** The forms' starting points: the defaults of every field and each preset, with defaults filled in. */
export interface TrainingOptions {
  defaults: RunConfig
  presets: PresetInfo[]
}

/** `oiw predict` run for the app in a child process: one at a time. */
export interface PredictJob {
  state: 'idle' | 'running' | 'finished' | 'failed' | 'cancelled'
  runId: number | null
  images: ImageSetName | null
  tta: boolean
  progress: JobProgress | null
  report: PredictionReport | null
  error: string | null
}

const runId = z.object({ runId: z.number().int().positive() }).strict()

export const trainingMethods = {
  /** Defaults and presets for the training form. */
  'training.getOptions': method<TrainingOptions>()(z.object({}).strict()),
  /** Which backend a run would use and why (probed once in a trainer process, then remembered). */
  'training.checkBackend': method<BackendChoice>()(z.object({ refresh: z.boolean().default(false) }).strict()),
  /**
   * Starts a run (all its stages, in order) in a trainer process; `busy` while another run is training.
   * The config is validated field by field (errors name the field, e.g. `config.stages.0.batchSize`).
   */
  'training.start': method<RunSummary>()(z.object({ config: runConfigSchema, backend: z.enum(backendNames).optional() }).strict()),
  /** Continues an interrupted, stopped, failed or time-budget run from its last checkpoint. */
  'training.resumeRun': method<RunSummary>()(runId),
  /** Pauses the live run after its current step (it keeps its memory); `resume` continues it. */
  'training.pause': method<RunSummary>()(runId),
  'training.resume': method<RunSummary>()(runId),
  /** Ends the live run after its current step, saving its position (resumable). */
  'training.stop': method<RunSummary>()(runId),
  /** Every run of the workspace, newest first. */
  'training.listRuns': method<RunSummary[]>()(z.object({}).strict()),
  /** One run with its epochs, steps (thinned), checkpoints and log. */
  'training.getRun': method<RunDetail>()(z.object({ runId: z.number().int().positive(), maxSteps: z.number().int().min(10).max(20_000).default(2000) }).strict()),
  /** Deletes a run that is not training: its records and its checkpoint folder. */
  'training.deleteRun': method<{ deleted: number }>()(runId),
  /** Deletes a run's checkpoints except each stage's best (disk space); returns how many went. */
  'training.deleteCheckpoints': method<{ deleted: number }>()(runId),
  /**
   * Predicts an image set with the run's best checkpoint (TTA: the mirrored image too) in a child process,
   * storing the scores as the prediction set `run<R>-<images>[-tta]` (replacing an older one of that name).
   */
  'training.predict': method<PredictJob>()(z.object({ runId: z.number().int().positive(), images: z.enum(imageSetNames).default('tuning'), tta: z.boolean().default(true) }).strict()),
  /** Stops the running prediction; nothing is stored. */
  'training.cancelPredict': method<PredictJob>()(z.object({}).strict()),
  'training.getPredictJob': method<PredictJob>()(z.object({}).strict()),
}

export const trainingEvents = {
  /** Everything a live trainer reports (progress a few times a second, metrics, checkpoints, log, end). */
  'training.onDidReport': event<{ runId: number; message: TrainerMessage }>(),
  /** A run's record changed (started, paused, resumed, ended, deleted). */
  'training.onDidChangeRuns': event<{ runId: number }>(),
  /** The prediction job moved on (progress, done, failed or cancelled). */
  'training.onDidPredictProgress': event<PredictJob>(),
}
