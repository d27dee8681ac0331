import type { ScheduleConfig } from './config'

/**
 * Learning-rate schedules for one training stage. Pure: the trainer asks for the rate of every optimizer
 * step, so resuming from a checkpoint only needs the step number.
 *
 * - Warmup (constant, cosine, step): the rate rises linearly from 0 (at step 0) to the scheduled rate at
 *   step `warmupSteps`; for constant and step the warmup multiplies the scheduled rate.
 * - constant: `peakLr`.
 * - cosine: after warmup, cosine from `peakLr` down to `peakLr × finalFraction` at the last step of the stage.
 * - one-cycle (fastai's): starts at `peakLr / 25`, rises along a cosine to `peakLr` over the first 30 % of the
 *   stage, then falls along a cosine to `peakLr × finalFraction` at the last step. `warmupSteps` is ignored:
 *   the rise is the warmup.
 * - step: `peakLr × gamma^⌊epoch / stepEpochs⌋`, epochs counted from 0 at the start of the stage.
 */

/** Share of a one-cycle stage spent rising to the peak. */
export const oneCycleRiseFraction = 0.3
/** One-cycle starts at `peakLr / oneCycleStartDivisor` (fastai's `div_factor`). */
export const oneCycleStartDivisor = 25

/**
 * The learning rate of `step` (0-based, counted within the stage) for a stage of `epochs` epochs of
 * `stepsPerEpoch` optimizer steps each, or of `totalSteps` in all when given (a time-budget plan whose epochs
 * differ in length). Steps past the end keep the final rate.
 */
export function learningRate(config: ScheduleConfig, peakLr: number, step: number, stepsPerEpoch: number, epochs: number, totalStepsOverride?: number): number {
  const perEpoch = Math.max(1, Math.floor(stepsPerEpoch))
  const totalSteps = Math.max(1, totalStepsOverride !== undefined ? Math.floor(totalStepsOverride) : perEpoch * Math.max(1, Math.floor(epochs)))
  const s = Math.max(0, step)
  const finalLr = peakLr * config.finalFraction
  switch (config.kind) {
    case 'constant':
      return peakLr * warmupFactor(s, config.warmupSteps)
    case 'step':
      return peakLr * config.gamma ** Math.floor(Math.floor(s / perEpoch) / config.stepEpochs) * warmupFactor(s, config.warmupSteps)
    case 'cosine': {
      if (s < config.warmupSteps) return peakLr * warmupFactor(s, config.warmupSteps)
      const span = totalSteps - 1 - config.warmupSteps
      if (span <= 0) return peakLr
      return cosineBetween(peakLr, finalLr, (s - config.warmupSteps) / span)
    }
    case 'one-cycle': {
      const riseSteps = Math.max(1, Math.round(totalSteps * oneCycleRiseFraction))
      if (s < riseSteps) return cosineBetween(peakLr / oneCycleStartDivisor, peakLr, s / riseSteps)
      const span = totalSteps - 1 - riseSteps
      if (span <= 0) return peakLr
      return cosineBetween(peakLr, finalLr, (s - riseSteps) / span)
    }
  }
}

function warmupFactor(step: number, warmupSteps: number): number {
  return warmupSteps > 0 && step < warmupSteps ? step / warmupSteps : 1
}

/** Half a cosine from `from` (t = 0) to `to` (t ≥ 1). */
function cosineBetween(from: number, to: number, t: number): number {
  const clamped = Math.min(1, Math.max(0, t))
  return to + (from - to) * 0.5 * (1 + Math.cos(Math.PI * clamped))
}
