import { describe, expect, it } from 'vitest'
import type { ScheduleConfig } from '../../../src/shared/training/config'
import { learningRate } from '../../../src/shared/training/schedule'

const base: ScheduleConfig = { kind: 'constant', warmupSteps: 0, stepEpochs: 10, gamma: 0.1, finalFraction: 0.01 }
const lr = (c: Partial<ScheduleConfig>, step: number, stepsPerEpoch = 10, epochs = 10): number =>
  learningRate({ ...base, ...c }, 0.1, step, stepsPerEpoch, epochs)

describe('learningRate', () => {
  it('constant with linear warmup from 0', () => {
    expect(lr({ warmupSteps: 4 }, 0)).toBe(0)
    expect(lr({ warmupSteps: 4 }, 1)).toBeCloseTo(0.025, 12)
    expect(lr({ warmupSteps: 4 }, 3)).toBeCloseTo(0.075, 12)
    expect(lr({ warmupSteps: 4 }, 4)).toBe(0.1)
    expect(lr({}, 0)).toBe(0.1)
    expect(lr({}, 10_000)).toBe(0.1)
  })

  it('cosine runs from the peak after warmup to peak × finalFraction at the last step', () => {
    // 100 steps, warmup 10: cosine over steps 10..99 (span 89).
    const c = { kind: 'cosine' as const, warmupSteps: 10 }
    expect(lr(c, 5)).toBeCloseTo(0.05, 12)
    expect(lr(c, 10)).toBeCloseTo(0.1, 12)
    // halfway (t = 0.5): final + (peak − final) / 2 = 0.001 + 0.099 / 2
    expect(lr({ kind: 'cosine' }, 49.5)).toBeCloseTo(0.0505, 12)
    // t = 1/4 without warmup at step 99/4: 0.001 + 0.099 · (1 + cos(π/4)) / 2
    expect(lr({ kind: 'cosine' }, 99 / 4)).toBeCloseTo(0.001 + 0.099 * (1 + Math.SQRT1_2) / 2, 12)
    expect(lr(c, 99)).toBeCloseTo(0.001, 12)
    expect(lr(c, 500)).toBeCloseTo(0.001, 12)
  })

  it('one-cycle rises from peak/25 over 30 % then falls to peak × finalFraction', () => {
    const c = { kind: 'one-cycle' as const, warmupSteps: 50 } // warmup ignored
    expect(lr(c, 0)).toBeCloseTo(0.004, 12)
    // rise over 30 steps: step 15 is halfway: 0.1 + (0.004 − 0.1) / 2
    expect(lr(c, 15)).toBeCloseTo(0.052, 12)
    expect(lr(c, 30)).toBeCloseTo(0.1, 12)
    // fall over steps 30..99 (span 69): step 64.5 is halfway
    expect(lr(c, 64.5)).toBeCloseTo(0.0505, 12)
    expect(lr(c, 99)).toBeCloseTo(0.001, 12)
  })

  it('step multiplies by gamma every stepEpochs epochs', () => {
    const c = { kind: 'step' as const, stepEpochs: 3, gamma: 0.5 }
    expect(lr(c, 0)).toBe(0.1)
    expect(lr(c, 29)).toBe(0.1) // epoch 2
    expect(lr(c, 30)).toBe(0.05) // epoch 3
    expect(lr(c, 60)).toBe(0.025) // epoch 6
    expect(lr({ ...c, warmupSteps: 10 }, 5)).toBeCloseTo(0.05, 12)
  })

  it('handles a one-step stage without dividing by zero', () => {
    expect(learningRate({ ...base, kind: 'cosine' }, 0.1, 0, 1, 1)).toBe(0.1)
    expect(learningRate({ ...base, kind: 'one-cycle' }, 0.1, 0, 1, 1)).toBeCloseTo(0.004, 12)
  })
})
