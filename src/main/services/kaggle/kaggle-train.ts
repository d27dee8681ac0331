import type { Db } from '../../db/connection'
import { getRun } from '../../db/queries/training-runs'
import type { BudgetUse, RunConfig, StageConfig } from '../../../shared/training/config'
import type { ShiftAdaptation } from '../../../shared/training/shift-adaptation'
import type { BackendName, TrainerMessage } from '../../../shared/training/protocol'
import { composeRunConfig } from '../training/compose-config'
import { forkTrainer } from '../training/trainer-process'
import { TrainingSession, type SessionEnd } from '../training/training-session'

/** Seconds of a trainer's life outside its own clock (process start, loading the backend), kept out of its budget. */
export const trainerStartSeconds = 5

export interface KaggleTrainOptions {
  preset: string
  configFile?: string
  backend?: BackendName
  /** Seconds the trainer may use, predicting and exporting included (its plan keeps `reserve` of them). */
  budgetSeconds: number
  reserve: { predictImages: number; views: number; fineTuneImages: number; seconds: number }
  name: string
  /** `fill` (default): plan the epochs to fill the budget; `stop`: the preset's epochs, ending early at the budget. */
  budgetUse?: BudgetUse
  /** Its training parts: context augmentation, cut-mix and machine labels of the labels stages. */
  adaptation?: Pick<ShiftAdaptation, 'contextAugmentation' | 'cutMix' | 'machineLabelWeight'>
}

/** The run config of a pipeline's training: the preset (or file), planned to fill the budget less what follows it. */
export function kaggleRunConfig(options: KaggleTrainOptions): RunConfig {
  const config = composeRunConfig({ preset: options.preset, ...(options.configFile ? { file: options.configFile } : {}), overrides: { name: options.name } })
  const stages = options.adaptation ? config.stages.map((stage) => (stage.kind === 'labels' ? adaptStage(stage, options.adaptation!) : stage)) : config.stages
  return { ...config, stages, timeBudgetSeconds: Math.max(1, options.budgetSeconds - trainerStartSeconds), budgetUse: options.budgetUse ?? 'fill', budgetReserve: options.reserve }
}

/** A labels stage with the pipeline's context augmentation, cut-mix and (when set) machine-label weight. */
function adaptStage(stage: StageConfig, a: NonNullable<KaggleTrainOptions['adaptation']>): StageConfig {
  const machineLabels = a.machineLabelWeight === null ? stage.machineLabels : { ...stage.machineLabels, use: a.machineLabelWeight > 0, weight: a.machineLabelWeight }
  return { ...stage, contextAugmentation: a.contextAugmentation, cutMix: a.cutMix, machineLabels }
}

/**
 * Trains (or resumes) the pipeline's run in a trainer process and waits for its end. `runId` set: that run is
 * resumed unless it completed. `onStart` gets the run id at once (so a crash after it resumes this run);
 * `signal` stops the trainer cleanly (resumable).
 */
export async function trainForKaggle(
  db: Db,
  workspaceDir: string,
  options: KaggleTrainOptions & { runId: number | null },
  hooks: { onStart: (runId: number) => void; onMessage: (runId: number, message: TrainerMessage) => void; signal?: AbortSignal },
): Promise<{ runId: number; end: SessionEnd }> {
  const existing = options.runId === null ? null : getRun(db, options.runId)
  if (existing?.status === 'completed') return { runId: existing.id, end: { status: 'completed' } }
  const backend = options.backend ? { backend: options.backend } : {}
  // a resumed run gets what the pipeline has left, not what its last checkpoint recorded (time after it is spent too)
  const request = existing ? { resumeRunId: existing.id, budgetLeftSeconds: Math.max(1, options.budgetSeconds - trainerStartSeconds), ...backend } : { config: kaggleRunConfig(options), ...backend }
  const session = TrainingSession.start(db, workspaceDir, request, () => forkTrainer())
  hooks.onStart(session.runId)
  session.onMessage((message) => hooks.onMessage(session.runId, message))
  const stop = () => session.stop()
  hooks.signal?.addEventListener('abort', stop)
  try {
    return { runId: session.runId, end: await session.done }
  } finally {
    hooks.signal?.removeEventListener('abort', stop)
  }
}
