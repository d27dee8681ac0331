import { fitEpochs, refitRemaining, shareOfRemaining, stageShares, type RunPlan, type StagePlan } from '../../shared/training/budget-plan'
import type { RunConfig, StageConfig } from '../../shared/training/config'
import { validationSize } from './validate-stage'

/** Steps at a stage's start left out of its speed (kernel compilation, the data pipeline filling up). */
const warmupSteps = 2
/** Steps measured before the stage's first plan. */
const calibrationSteps = 5
/** Weight of a new step in the seconds-per-step average once the stage is planned. */
const smoothing = 0.05
/** A plan is redone when its projected end drifts by more than this share of the stage's time … */
const driftShare = 0.08
/** … and at least this many steps after the last revision. */
const minStepsBetweenRevisions = 30
/** Predicting is estimated from validation's speed with this margin (process start, model load, slower sizes). */
const reserveMargin = 1.25
/** Until a validation pass is timed, forward-only images/s is taken as this multiple of training's. */
const forwardSpeedup = 2

/** Most of a budget kept for fine-tuning on the tuning labels after training. */
export const maxFineTuneShare = 0.2

/** A stage's epochs as planned now: the current epoch's steps and those of each later one. */
export interface StageSchedule {
  epochs: number
  /** Steps of the epoch under way (its sample order holds at least this many batches). */
  currentSteps: number
  laterSteps: number
  /** The epoch length the stage's first plan chose; later revisions keep epochs near it (0 before that plan). */
  nominalSteps: number
  /** Steps taken in this stage before the epoch under way (kept by the planner; 0 in a fixed schedule). */
  stepsBefore: number
  /** Whether the speed has been measured (the plan's basis); false while calibrating. */
  planned: boolean
}

export interface StageStart {
  stageIndex: number
  stage: StageConfig
  /** Steps of one pass over the stage's samples (or `samplesPerEpoch`). */
  fullEpochSteps: number
  /** When resuming inside the stage: where it was and the schedule it had. */
  resume?: { epoch: number; schedule: StageSchedule }
}

/** Total steps of a stage's schedule (the learning-rate schedule's length). */
export function scheduleSteps(schedule: StageSchedule, epoch: number): number {
  return schedule.stepsBefore + schedule.currentSteps + Math.max(0, schedule.epochs - epoch) * schedule.laterSteps
}

/**
 * Keeps a run with a time budget on its plan (budget-plan.ts): splits the training time between stages,
 * measures each stage's speed in its first batches, fits its epochs and steps, and re-plans when the speed
 * drifts or an epoch ends. Time is this trainer's clock (`elapsed()` seconds) plus what a resumed run had
 * already spent. Reports every revision through `onPlan`.
 */
export class BudgetPlanner {
  private readonly shares: number[]
  private readonly stages: StagePlan[]
  private revision = 0
  private reason = ''
  private current: { start: StageStart; startedAt: number; schedule: StageSchedule; measured: number[]; secondsPerStep: number; stepsSinceRevision: number } | null = null
  private epochEndSeconds: number[]
  /** Forward-only images/s at the last stage's validation size: measured by its validation passes, else estimated from training's speed. */
  private forwardImagesPerSecond: { value: number; measured: boolean } | null = null

  constructor(
    private readonly config: RunConfig & { timeBudgetSeconds: number },
    private readonly spentBefore: number,
    private readonly elapsed: () => number,
    /** `quiet`: the same revision with numbers moved a little (shown, not logged). */
    private readonly onPlan: (plan: RunPlan, quiet: boolean) => void,
  ) {
    this.shares = stageShares(config.stages)
    this.stages = config.stages.map((stage, stageIndex) => ({ stageIndex, stage: stage.kind, seconds: 0, epochs: 0, stepsPerEpoch: 0, secondsPerStep: 0, secondsPerEpochEnd: 0, basis: 'estimated' as const }))
    this.epochEndSeconds = config.stages.map(() => 0)
  }

  /** Seconds kept for fine-tuning, predicting and exporting after training, at the best speed known now. */
  get reserveSeconds(): number {
    const reserve = this.config.budgetReserve
    if (!reserve) return 0
    const speed = this.forwardImagesPerSecond?.value
    const predicting = reserve.predictImages === 0 || speed === undefined ? 0 : (reserve.predictImages * reserve.views * reserveMargin) / speed
    return reserve.seconds + predicting + this.fineTuneSeconds
  }

  /**
   * The part of the reserve kept for fine-tuning on the tuning labels: its images at training's cost
   * (`forwardSpeedup` forward passes each), at most `maxFineTuneShare` of the budget (fine-tuning then runs
   * fewer epochs: it adds to a trained model, it must not starve the training).
   */
  get fineTuneSeconds(): number {
    const images = this.config.budgetReserve?.fineTuneImages ?? 0
    const speed = this.forwardImagesPerSecond?.value
    if (images === 0 || speed === undefined) return 0
    return Math.min((images * forwardSpeedup * reserveMargin) / speed, maxFineTuneShare * this.config.timeBudgetSeconds)
  }

  /** This trainer's clock (seconds) at which training must be over: the budget less what was spent before and the reserve. */
  get trainingEnd(): number {
    return this.config.timeBudgetSeconds - this.spentBefore - this.reserveSeconds
  }

  /** Whether training has reached its end (the run stops at once, keeping its position). */
  get pastTrainingEnd(): boolean {
    return this.elapsed() >= this.trainingEnd
  }

  /** Starts a stage: its share of the time left, and a provisional schedule (the configured epochs) until measured. */
  beginStage(start: StageStart): StageSchedule {
    const now = this.elapsed()
    const schedule: StageSchedule = start.resume
      ? { ...start.resume.schedule, planned: false }
      : { epochs: start.stage.epochs, currentSteps: start.fullEpochSteps, laterSteps: start.fullEpochSteps, nominalSteps: 0, stepsBefore: 0, planned: false }
    this.current = { start, startedAt: now, schedule, measured: [], secondsPerStep: 0, stepsSinceRevision: 0 }
    this.stages[start.stageIndex]!.seconds = this.stageDeadline() - now
    return schedule
  }

  /**
   * One optimizer step took `seconds` (wall time, data included). Returns the schedule, revised when the stage
   * has just been measured or its speed drifted from the plan.
   */
  stepDone(seconds: number, images: number, epoch: number, stepInEpoch: number): StageSchedule {
    const c = this.current!
    c.stepsSinceRevision++
    if (!c.schedule.planned) {
      // only the calibration's steps are kept; once planned, an average follows the speed
      c.measured.push(seconds)
      const timeUp = this.elapsed() >= this.stageDeadline()
      const sample = c.measured.length > warmupSteps ? c.measured.slice(warmupSteps) : c.measured
      if (sample.length < calibrationSteps && !timeUp) return c.schedule
      c.secondsPerStep = sample.reduce((a, b) => a + b, 0) / sample.length
      this.estimateForwardSpeed(images)
      this.refit(epoch, stepInEpoch, `measured ${sample.length} steps of stage ${c.start.stageIndex + 1}`)
      return c.schedule
    }
    c.secondsPerStep += smoothing * (seconds - c.secondsPerStep)
    this.estimateForwardSpeed(images)
    if (c.stepsSinceRevision >= minStepsBetweenRevisions) {
      const projected = this.elapsed() + this.remainingSeconds(epoch, stepInEpoch)
      const deadline = this.stageDeadline()
      if (Math.abs(projected - deadline) > driftShare * Math.max(1, this.stages[c.start.stageIndex]!.seconds)) {
        this.refit(epoch, stepInEpoch, `speed now ${c.secondsPerStep.toFixed(3)} s/step, the plan would end ${Math.round(Math.abs(projected - deadline))} s ${projected > deadline ? 'late' : 'early'}`)
      }
    }
    if (this.elapsed() >= this.stageDeadline() && stepInEpoch < c.schedule.currentSteps) this.refit(epoch, stepInEpoch, `stage ${c.start.stageIndex + 1}'s time is up`)
    return c.schedule
  }

  /**
   * An epoch ended after `stageSteps` steps of the stage: its validation pass over `validationImages` took
   * `validationSeconds`, and a checkpoint takes `checkpointSeconds` (the last one written). Re-fits the epochs
   * left in the stage to the time left.
   */
  epochEnded(epoch: number, stageSteps: number, validationSeconds: number, validationImages: number, checkpointSeconds: number): StageSchedule {
    const c = this.current!
    const index = c.start.stageIndex
    this.epochEndSeconds[index] = validationSeconds + checkpointSeconds
    if (validationSeconds > 0 && validationImages > 0 && index === this.config.stages.length - 1) this.forwardImagesPerSecond = { value: validationImages / validationSeconds, measured: true }
    c.schedule.stepsBefore = stageSteps
    c.schedule.currentSteps = c.schedule.laterSteps
    if (epoch >= c.schedule.epochs && !c.schedule.planned) return c.schedule
    if (c.secondsPerStep > 0) this.refit(epoch + 1, 0, `epoch ${epoch} of stage ${index + 1} ended`, true)
    return c.schedule
  }

  /** The stage under way's deadline: its share of the training time left when it began (the reserve's estimate moves it). */
  private stageDeadline(): number {
    const c = this.current!
    return c.startedAt + shareOfRemaining(this.shares, c.start.stageIndex, Math.max(0, this.trainingEnd - c.startedAt))
  }

  /**
   * Until the last stage's validation is timed, its forward speed is estimated from the stage under way's
   * training speed: `forwardSpeedup` times faster, scaled by the pixels of the last stage's validation size.
   */
  private estimateForwardSpeed(batchImages: number): void {
    if (this.forwardImagesPerSecond?.measured) return
    const c = this.current!
    const last = this.config.stages.at(-1)!
    const trainImagesPerSecond = batchImages / Math.max(1e-6, c.secondsPerStep)
    this.forwardImagesPerSecond = { value: (trainImagesPerSecond * forwardSpeedup * meanArea(c.start.stage)) / validationArea(last), measured: false }
  }

  private secondsPerEpochEnd(): number {
    const c = this.current!
    const measured = this.epochEndSeconds[c.start.stageIndex]!
    return measured > 0 ? measured : Math.max(1, c.secondsPerStep * 2)
  }

  private remainingSeconds(epoch: number, stepInEpoch: number): number {
    const c = this.current!
    const s = c.schedule
    const end = this.secondsPerEpochEnd()
    return (s.currentSteps - stepInEpoch) * c.secondsPerStep + end + Math.max(0, s.epochs - epoch) * (s.laterSteps * c.secondsPerStep + end)
  }

  private refit(epoch: number, stepInEpoch: number, reason: string, quietIfSame = false): void {
    const c = this.current!
    const before = { ...c.schedule }
    // two steps' slack: a plan fitted to the second would end over it half the time
    const left = Math.max(0, this.stageDeadline() - this.elapsed() - 2 * c.secondsPerStep)
    const end = this.secondsPerEpochEnd()
    const s = c.schedule
    if (!s.planned && epoch === 1 && stepInEpoch <= s.currentSteps) {
      const fit = fitEpochs(left + stepInEpoch * c.secondsPerStep, c.secondsPerStep, end, c.start.fullEpochSteps)
      s.epochs = fit.epochs
      s.laterSteps = fit.stepsPerEpoch
      s.nominalSteps = fit.stepsPerEpoch
      s.currentSteps = Math.max(stepInEpoch, Math.min(fit.stepsPerEpoch, s.currentSteps))
    } else {
      const fit = refitRemaining(left, c.secondsPerStep, end, { epoch, stepInEpoch, currentSteps: s.currentSteps }, s.nominalSteps || s.laterSteps, c.start.fullEpochSteps)
      s.epochs = fit.epochs
      s.currentSteps = fit.currentSteps
      s.laterSteps = fit.laterSteps
    }
    s.planned = true
    c.stepsSinceRevision = 0
    const plan = this.stages[c.start.stageIndex]!
    Object.assign(plan, { seconds: this.stageDeadline() - c.startedAt, epochs: s.epochs, stepsPerEpoch: s.laterSteps, secondsPerStep: c.secondsPerStep, secondsPerEpochEnd: end, basis: 'measured' })
    this.estimateLaterStages()
    if (!quietIfSame || materialChange(before, s, epoch)) return this.publish(reason)
    // a small change: the plan shown stays true to the schedule, without a revision or a log line
    if (before.epochs !== s.epochs || before.laterSteps !== s.laterSteps || before.currentSteps !== s.currentSteps) this.publish(this.reason, true)
  }

  /**
   * Stages not begun yet: their share of the time left after this one, and a speed estimated from this stage's,
   * scaled by batch and pixels. Their epochs stay 0 (planned when they start, from their own samples and speed).
   */
  private estimateLaterStages(): void {
    const c = this.current!
    const from = c.start.stage
    let start = Math.max(this.elapsed(), this.stageDeadline())
    for (let index = c.start.stageIndex + 1; index < this.config.stages.length; index++) {
      const stage = this.config.stages[index]!
      const seconds = shareOfRemaining(this.shares, index, Math.max(0, this.trainingEnd - start))
      const secondsPerStep = c.secondsPerStep * (stage.batchSize / from.batchSize) * (meanArea(stage) / meanArea(from))
      Object.assign(this.stages[index]!, { seconds, epochs: 0, stepsPerEpoch: 0, secondsPerStep, basis: 'estimated' })
      start += seconds
    }
  }

  private publish(reason: string, quiet = false): void {
    if (!quiet) this.revision++
    this.reason = reason
    this.onPlan(
      {
      budgetSeconds: this.config.timeBudgetSeconds,
      spentBefore: this.spentBefore,
      reserveSeconds: this.reserveSeconds,
      fineTuneSeconds: this.fineTuneSeconds,
      stages: this.stages.map((s) => ({ ...s, seconds: Math.round(s.seconds * 10) / 10 })),
      revision: this.revision,
      reason,
      at: Math.round(this.elapsed() * 10) / 10,
      },
      quiet,
    )
  }
}

/**
 * Whether a revision changes the stage's planned steps by more than 5 % of them (smaller ones, the noise of
 * multi-scale batches, are applied without a word).
 */
function materialChange(before: StageSchedule, after: StageSchedule, epoch: number): boolean {
  const left = (s: StageSchedule) => s.currentSteps + Math.max(0, s.epochs - epoch) * s.laterSteps
  return Math.abs(left(after) - left(before)) > 0.05 * Math.max(1, before.stepsBefore + left(before))
}

function meanArea(stage: StageConfig): number {
  return stage.inputSizes.reduce((sum, size) => sum + size * size, 0) / stage.inputSizes.length
}

function validationArea(stage: StageConfig): number {
  const size = validationSize(stage)
  return size * size
}
