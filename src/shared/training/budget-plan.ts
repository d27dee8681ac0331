import { formatDuration } from '../duration'
import type { StageKind } from './config'

/**
 * The time-budget plan: how a run with a budget fills it. Each stage gets a share of the training time; the
 * trainer measures its speed in the stage's first batches and fits the stage's epochs, steps per epoch and
 * learning-rate schedule into that share, so the schedule is complete when the budget ends. It re-plans when
 * the speed it measures drifts from the plan's. Pure functions here (tested alone); the trainer's
 * `BudgetPlanner` keeps the clock.
 */

/** Where a stage's figures come from: assumed before the stage ran, measured from its own steps. */
export type PlanBasis = 'estimated' | 'measured'

export interface StagePlan {
  stageIndex: number
  stage: StageKind
  /** Seconds of the run this stage may take: training steps, validation passes and checkpoints. */
  seconds: number
  epochs: number
  stepsPerEpoch: number
  /** Seconds per optimizer step, data included, and per validation pass plus checkpoint. */
  secondsPerStep: number
  secondsPerEpochEnd: number
  basis: PlanBasis
}

export interface RunPlan {
  /** The run's whole budget in seconds, as configured. */
  budgetSeconds: number
  /** Seconds spent before this trainer started (a resumed run), counted against the budget. */
  spentBefore: number
  /** Seconds kept out of training for what follows it (fine-tuning on the tuning labels, predicting the test images, the export). */
  reserveSeconds: number
  /** The part of `reserveSeconds` kept for fine-tuning on the tuning labels (0 without). */
  fineTuneSeconds?: number
  stages: StagePlan[]
  /** 1 for the first plan, then one more at each re-plan. */
  revision: number
  /** Why this revision was made, in words. */
  reason: string
  /** Seconds since the trainer started, when this revision was made. */
  at: number
}

/** Fewest epochs a stage is planned with when its time allows (validation points for the best checkpoint and the switch rule). */
export const minPlannedEpochs = 3
/** A stage whose remaining time holds fewer steps than this is not given another epoch. */
export const minStepsPerEpoch = 4

/**
 * Shares of the training time per stage (relative weights): a stage's `budgetShare` when set; else box
 * pretraining takes 0.25 and fine-tuning 0.75 (fine-tuning is what the submission is scored on; the box
 * stage only has to give it a backbone), equal shares otherwise.
 */
export function stageShares(stages: ReadonlyArray<{ kind: StageKind; budgetShare?: number | undefined }>): number[] {
  const twoKinds = stages.some((s) => s.kind === 'boxes') && stages.some((s) => s.kind === 'labels')
  return stages.map((s) => s.budgetShare ?? (twoKinds ? (s.kind === 'boxes' ? 0.25 : 0.75) : 1))
}

/** The share of `seconds` that stage `index` gets out of the stages from `index` on. */
export function shareOfRemaining(shares: readonly number[], index: number, seconds: number): number {
  const rest = shares.slice(index).reduce((a, b) => a + b, 0)
  return rest > 0 ? (seconds * shares[index]!) / rest : 0
}

export interface EpochFit {
  epochs: number
  stepsPerEpoch: number
}

/**
 * Epochs and steps per epoch that fill `seconds` for a stage starting now: whole passes over the data
 * (`fullEpochSteps`) when at least `minPlannedEpochs` of them fit, the leftover spread over them; else
 * `minPlannedEpochs` shorter epochs (fewer when even those would be under `minStepsPerEpoch` steps).
 * Every epoch ends with a validation pass and a checkpoint (`secondsPerEpochEnd`). At least 1 × 1.
 */
export function fitEpochs(seconds: number, secondsPerStep: number, secondsPerEpochEnd: number, fullEpochSteps: number): EpochFit {
  const step = Math.max(1e-6, secondsPerStep)
  const fullEpoch = fullEpochSteps * step + secondsPerEpochEnd
  let epochs = Math.round(seconds / fullEpoch)
  if (epochs < minPlannedEpochs) {
    epochs = minPlannedEpochs
    while (epochs > 1 && (seconds / epochs - secondsPerEpochEnd) / step < minStepsPerEpoch) epochs--
  }
  return { epochs, stepsPerEpoch: Math.max(1, Math.floor((seconds / epochs - secondsPerEpochEnd) / step)) }
}

/**
 * The rest of a stage already under way, at step `stepInEpoch` of epoch `epoch` (1-based) planned with
 * `currentSteps` steps: the current epoch keeps its steps (cut short when even they would miss `seconds`),
 * then as many epochs of about `nominalSteps` (the plan's epoch length) as fill what is left, their steps
 * stretched or shrunk to fill it (at most four passes over the data, `fullEpochSteps`). An epoch not begun yet
 * (`stepInEpoch` 0) that would be cut below a quarter of its steps is dropped. Returns the total epochs, the
 * current epoch's steps, and the steps of each later epoch.
 */
export function refitRemaining(
  seconds: number,
  secondsPerStep: number,
  secondsPerEpochEnd: number,
  position: { epoch: number; stepInEpoch: number; currentSteps: number },
  nominalSteps: number,
  fullEpochSteps: number,
): { epochs: number; currentSteps: number; laterSteps: number } {
  const { epoch, stepInEpoch, currentSteps } = position
  const step = Math.max(1e-6, secondsPerStep)
  const nominal = Math.max(1, nominalSteps)
  const currentLeft = (currentSteps - stepInEpoch) * step + secondsPerEpochEnd
  if (currentLeft >= seconds) {
    const fits = Math.max(0, Math.floor((seconds - secondsPerEpochEnd) / step))
    // at an epoch's start, an epoch too short to be worth its validation pass is not begun
    if (stepInEpoch === 0 && fits < Math.max(minStepsPerEpoch, currentSteps / 4)) return { epochs: epoch - 1, currentSteps: 0, laterSteps: nominal }
    return { epochs: epoch, currentSteps: Math.max(stepInEpoch, Math.min(currentSteps, stepInEpoch + fits)), laterSteps: nominal }
  }
  const rest = seconds - currentLeft
  let later = Math.round(rest / (nominal * step + secondsPerEpochEnd))
  if (later === 0 && (rest - secondsPerEpochEnd) / step >= Math.max(minStepsPerEpoch, nominal / 4)) later = 1
  if (later === 0) return { epochs: epoch, currentSteps, laterSteps: nominal }
  const laterSteps = Math.max(1, Math.floor((rest / later - secondsPerEpochEnd) / step))
  return { epochs: epoch + later, currentSteps, laterSteps: Math.min(laterSteps, Math.max(fullEpochSteps * 4, nominal)) }
}

/** One line per revision, for logs and the command line: `plan 2 (re-planned: …): stage 1 boxes 3m 45s = 4 × 120 steps …`. */
export function describePlan(plan: RunPlan): string {
  const stages = plan.stages
    .map((s) =>
      s.epochs === 0
        ? `stage ${s.stageIndex + 1} ${s.stage} ${formatDuration(s.seconds)}, planned when it starts (${s.secondsPerStep.toFixed(3)} s/step ${s.basis})`
        : `stage ${s.stageIndex + 1} ${s.stage} ${formatDuration(s.seconds)} = ${s.epochs} × ${s.stepsPerEpoch} steps at ${s.secondsPerStep.toFixed(3)} s/step (${s.basis})`,
    )
    .join('; ')
  const fineTune = (plan.fineTuneSeconds ?? 0) > 0 ? ` (${formatDuration(plan.fineTuneSeconds!)} of it for fine-tuning on the tuning labels)` : ''
  const reserve = plan.reserveSeconds > 0 ? `; ${formatDuration(plan.reserveSeconds)} kept for predict and export${fineTune}` : ''
  return `plan ${plan.revision} (${plan.reason}): budget ${formatDuration(plan.budgetSeconds)}${plan.spentBefore > 0 ? `, ${formatDuration(plan.spentBefore)} spent before` : ''}; ${stages}${reserve}`
}
