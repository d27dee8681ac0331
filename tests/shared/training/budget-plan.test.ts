import { describe, expect, it } from 'vitest'
import { describePlan, fitEpochs, minPlannedEpochs, refitRemaining, shareOfRemaining, stageShares, type RunPlan } from '../../../src/shared/training/budget-plan'

describe('time-budget plan', () => {
  it('gives box pretraining a quarter and fine-tuning the rest, unless a stage says its share', () => {
    expect(stageShares([{ kind: 'boxes' }, { kind: 'labels' }])).toEqual([0.25, 0.75])
    expect(stageShares([{ kind: 'labels' }])).toEqual([1])
    expect(stageShares([{ kind: 'boxes', budgetShare: 1 }, { kind: 'labels', budgetShare: 3 }])).toEqual([1, 3])
    expect(shareOfRemaining([0.25, 0.75], 0, 400)).toBeCloseTo(100)
    expect(shareOfRemaining([0.25, 0.75], 1, 300)).toBeCloseTo(300)
  })

  it('fits whole passes when at least three fit, the leftover spread over them', () => {
    // 100 steps of 0.5 s plus 5 s of validation and checkpoint = 55 s an epoch; 600 s hold 10.9 of them
    const fit = fitEpochs(600, 0.5, 5, 100)
    expect(fit.epochs).toBe(11)
    expect(fit.epochs * (fit.stepsPerEpoch * 0.5 + 5)).toBeLessThanOrEqual(600)
    expect(fit.epochs * (fit.stepsPerEpoch * 0.5 + 5)).toBeGreaterThan(600 - 0.5 * fit.epochs)
  })

  it('splits a budget shorter than three passes into three shorter epochs, and never below one step', () => {
    const fit = fitEpochs(60, 0.5, 5, 100)
    expect(fit.epochs).toBe(minPlannedEpochs)
    expect(fit.stepsPerEpoch).toBe(30)
    expect(fitEpochs(8, 0.5, 5, 100)).toEqual({ epochs: 1, stepsPerEpoch: 6 })
    expect(fitEpochs(1, 0.5, 5, 100)).toEqual({ epochs: 1, stepsPerEpoch: 1 })
  })

  it('cuts the epoch under way when even it would miss the time left', () => {
    // 40 s left, epoch 2 at step 10 of 100 (0.5 s/step, 5 s to end an epoch): 70 more steps fit
    expect(refitRemaining(40, 0.5, 5, { epoch: 2, stepInEpoch: 10, currentSteps: 100 }, 100, 100)).toEqual({ epochs: 2, currentSteps: 80, laterSteps: 100 })
    expect(refitRemaining(3, 0.5, 5, { epoch: 2, stepInEpoch: 10, currentSteps: 100 }, 100, 100).currentSteps).toBe(10)
    // at an epoch's start with time for 20 of its 100 steps: the epoch is not begun
    expect(refitRemaining(15, 0.5, 5, { epoch: 3, stepInEpoch: 0, currentSteps: 100 }, 100, 100).epochs).toBe(2)
  })

  it('stretches later epochs to fill the time after the epoch under way', () => {
    // the rest of epoch 1 takes 50 s; 250 s then hold ~4.5 epochs of 55 s: 5 epochs of 90 steps (245 s), or 4 stretched
    const fit = refitRemaining(300, 0.5, 5, { epoch: 1, stepInEpoch: 10, currentSteps: 100 }, 100, 100)
    const used = (100 - 10) * 0.5 + 5 + (fit.epochs - 1) * (fit.laterSteps * 0.5 + 5)
    expect(used).toBeLessThanOrEqual(300)
    expect(used).toBeGreaterThan(295)
  })

  it('sizes later epochs by the plan, not by an epoch that was cut short', () => {
    const fit = refitRemaining(300, 0.5, 5, { epoch: 4, stepInEpoch: 1, currentSteps: 1 }, 100, 100)
    expect(fit.laterSteps).toBeGreaterThan(80)
    expect(fit.epochs).toBeLessThan(12)
  })

  it('describes a plan in one line', () => {
    const plan: RunPlan = {
      budgetSeconds: 900, spentBefore: 0, reserveSeconds: 95, revision: 2, reason: 'epoch 1 of stage 1 ended', at: 61,
      stages: [
        { stageIndex: 0, stage: 'boxes', seconds: 201, epochs: 4, stepsPerEpoch: 120, secondsPerStep: 0.41, secondsPerEpochEnd: 3, basis: 'measured' },
        { stageIndex: 1, stage: 'labels', seconds: 604, epochs: 0, stepsPerEpoch: 0, secondsPerStep: 0.9, secondsPerEpochEnd: 0, basis: 'estimated' },
      ],
    }
    expect(describePlan(plan)).toBe(
      'plan 2 (epoch 1 of stage 1 ended): budget 15 min 00 s; stage 1 boxes 3 min 21 s = 4 × 120 steps at 0.410 s/step (measured); stage 2 labels 10 min 04 s, planned when it starts (0.900 s/step estimated); 1 min 35 s kept for predict and export',
    )
  })
})
