import { z } from 'zod'
import { event, method } from './define'
import type { TrainerMessage } from '../training/protocol'
import { presetNames } from '../training/presets'

/**
 * The Kaggle submission pipeline: index the challenge's files (or reuse the catalog when nothing changed),
 * box pretraining then fine-tuning planned to fill the time budget, predicting the test images with TTA,
 * thresholds fitted on the tuning labels, the submission CSV written and validated. `oiw kaggle` runs it;
 * the Train tab's "Kaggle submission" action runs the same command in a child process. Each pipeline is kept
 * in the catalog, so Ctrl+C or a crash resumes it from the step it was in.
 */

export const kaggleStepNames = ['index', 'train', 'predict', 'export'] as const
export type KaggleStepName = (typeof kaggleStepNames)[number]

/** `stopped`: Ctrl+C or Stop during the step; the pipeline resumes it. */
export type KaggleStepState = 'waiting' | 'running' | 'done' | 'skipped' | 'stopped' | 'failed'

export interface KaggleStep {
  name: KaggleStepName
  state: KaggleStepState
  /** Seconds the step has taken (all attempts), counted against the budget. */
  seconds: number
  /** What it did or is doing, in words (`reused the catalog: nothing changed since …`, `run 3, stage 2 epoch 4/9`). */
  detail: string | null
  /** Progress within the step (0..1) and the seconds it expects to take still, when known. */
  fraction: number | null
  etaSeconds: number | null
}

export type KaggleStatus = 'running' | 'completed' | 'failed' | 'interrupted'

/** What a finished pipeline measured: the figures of `oiw kaggle`'s summary. */
export interface KaggleReport {
  budgetSeconds: number
  usedSeconds: number
  /** The run's best validation F2 (its own held-out training images). */
  validationF2: number | null
  /** Mean F2 on the tuning labels with the thresholds the export applied, 5-fold cross-validated (the honest figure). */
  tuningF2CrossValidated: number | null
  /** What it did about the test set's shift, in words (`describeShiftAdaptation`), and what the export estimated. */
  adaptation?: string
  /** With prior shift: labels per image on the tuning images and estimated on the sample's (absent before). */
  labelsPerImage?: { tuning: number; estimatedTest: number } | null
  thresholds: 'global' | 'per-class'
  globalThreshold: number
  tuningImages: number
  predictedImages: number
  rows: number
  filledRows: number
  file: string
}

export interface KagglePipeline {
  id: number
  /** The challenge folder indexed first; null: the workspace's catalog as it is. */
  dataset: string | null
  /** The sample submission whose ids are the rows written. */
  sample: string
  out: string
  budgetSeconds: number
  preset: string
  status: KaggleStatus
  steps: KaggleStep[]
  runId: number | null
  predictions: string | null
  report: KaggleReport | null
  error: string | null
  createdAt: string
  finishedAt: string | null
}

/** A pipeline started by the app: its child process's state besides the pipeline's own record. */
export interface KaggleJob {
  state: 'idle' | 'running' | 'finished' | 'failed' | 'cancelled'
  pipeline: KagglePipeline | null
  error: string | null
}

/** The challenge's sample submissions found in the catalog's imports: the files a submission can be written for. */
export interface KaggleSampleFile {
  file: string
  rows: number
  importedAt: string
}

/** What the child process (`oiw kaggle --progress-ipc`) sends its parent. */
export type KaggleChildMessage = { type: 'pipeline'; pipeline: KagglePipeline } | { type: 'trainer'; runId: number; message: TrainerMessage }

const budget = z.number().int().min(30).max(7 * 24 * 3600)

export const kaggleMethods = {
  /** The sample submissions indexed in this workspace (stage 1, stage 2, …), newest first. */
  'kaggle.listSampleFiles': method<KaggleSampleFile[]>()(z.object({}).strict()),
  /**
   * Starts the pipeline on this workspace's catalog in a child process: trains within `budgetSeconds`,
   * predicts, and writes `W/exports/kaggle-<pipeline>.csv` for the sample submission `sample` (one of
   * `listSampleFiles`). `busy` when a pipeline or a training run is going; an unfinished pipeline for the same
   * sample resumes.
   */
  'kaggle.start': method<KaggleJob>()(
    z
      .object({
        sample: z.string().min(1).max(4096),
        budgetSeconds: budget,
        preset: z.enum(presetNames as [string, ...string[]]).default('cpu-quick'),
        /** `default`: what bench:shift chose against the test set's shift (`defaultShiftAdaptation`); `none`: none of it. */
        adapt: z.enum(['default', 'none']).default('default'),
      })
      .strict(),
  ),
  /** Stops the pipeline cleanly (the training run keeps its position); starting it again resumes it. */
  'kaggle.cancel': method<KaggleJob>()(z.object({}).strict()),
  /** The pipeline going now or the last one. */
  'kaggle.getJob': method<KaggleJob>()(z.object({}).strict()),
}

export const kaggleEvents = {
  /** The pipeline moved on: a step started, progressed, finished or failed. */
  'kaggle.onDidProgress': event<KaggleJob>(),
}
