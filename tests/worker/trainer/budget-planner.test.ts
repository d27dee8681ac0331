import { describe, expect, it } from 'vitest'
import type { RunPlan } from '../../../src/shared/training/budget-plan'
import { parseRunConfig, type RunConfigInput } from '../../../src/shared/training/config'
import { BudgetPlanner, type StageSchedule } from '../../../src/worker/trainer/budget-planner'

interface SimulatedStage {
  fullEpochSteps: number
  /** Seconds per step at clock t. */
  secondsPerStep: (t: number) => number
  validationSeconds: number
  checkpointSeconds: number
}

/** Drives a planner the way train-stage does, on a simulated clock: returns when training ended and each stage's steps. */
function simulate(input: RunConfigInput, stages: SimulatedStage[], spentBefore = 0) {
  const config = parseRunConfig(input)
  let t = 0
  const plans: RunPlan[] = []
  let shown: RunPlan | null = null
  const planner = new BudgetPlanner({ ...config, timeBudgetSeconds: config.timeBudgetSeconds! }, spentBefore, () => t, (plan, quiet) => {
    shown = plan
    if (!quiet) plans.push(plan)
  })
  const trained: Array<{ epochs: number; steps: number; schedule: StageSchedule }> = []
  stages.forEach((sim, stageIndex) => {
    let schedule = planner.beginStage({ stageIndex, stage: config.stages[stageIndex]!, fullEpochSteps: sim.fullEpochSteps })
    let steps = 0
    let epoch = 1
    for (; epoch <= schedule.epochs; epoch++) {
      const orderSteps = Math.max(sim.fullEpochSteps, schedule.currentSteps)
      for (let step = 0; step < orderSteps && step < schedule.currentSteps; step++) {
        if (planner.pastTrainingEnd) throw new Error(`past the training end at ${t}`)
        const seconds = sim.secondsPerStep(t)
        t += seconds
        steps++
        schedule = planner.stepDone(seconds, 32, epoch, step + 1)
      }
      t += sim.validationSeconds
      schedule = planner.epochEnded(epoch, steps, sim.validationSeconds, 100, sim.checkpointSeconds)
      t += sim.checkpointSeconds
    }
    trained.push({ epochs: epoch - 1, steps, schedule })
  })
  return { end: t, trainingEnd: planner.trainingEnd, plans, shown: shown as RunPlan | null, trained, reserve: planner.reserveSeconds }
}

const twoStages: RunConfigInput = {
  timeBudgetSeconds: 900,
  stages: [
    { kind: 'boxes', epochs: 2, batchSize: 32, inputSizes: [64] },
    { kind: 'labels', epochs: 4, batchSize: 32, inputSizes: [96, 112, 128] },
  ],
}

describe('BudgetPlanner', () => {
  it('fills a 15-minute budget with both stages, ending inside it', () => {
    const run = simulate(twoStages, [
      { fullEpochSteps: 60, secondsPerStep: () => 0.3, validationSeconds: 2, checkpointSeconds: 0.5 },
      { fullEpochSteps: 40, secondsPerStep: () => 1.1, validationSeconds: 4, checkpointSeconds: 0.5 },
    ])
    expect(run.end).toBeLessThanOrEqual(900)
    expect(run.end).toBeGreaterThanOrEqual(0.97 * 900)
    // box pretraining took about its quarter
    expect(run.plans[0]!.stages[0]!.seconds).toBeGreaterThan(200)
    expect(run.plans[0]!.stages[0]!.seconds).toBeLessThan(235)
    // far more epochs than the configured 2 + 4
    expect(run.trained[0]!.epochs).toBeGreaterThan(2)
    expect(run.trained[1]!.epochs).toBeGreaterThan(4)
    expect(run.plans[0]!.reason).toMatch(/measured 5 steps of stage 1/)
    // the plan shown at the end is the schedule the stages kept, small revisions included
    expect(run.shown!.stages.map((s) => s.epochs)).toEqual(run.trained.map((t) => t.epochs))
  })

  it('re-plans when the speed drops halfway, and still ends inside the budget', () => {
    const run = simulate(twoStages, [
      { fullEpochSteps: 60, secondsPerStep: () => 0.3, validationSeconds: 2, checkpointSeconds: 0.5 },
      { fullEpochSteps: 40, secondsPerStep: (t) => (t < 500 ? 1.1 : 1.8), validationSeconds: 4, checkpointSeconds: 0.5 },
    ])
    expect(run.end).toBeLessThanOrEqual(900)
    expect(run.end).toBeGreaterThanOrEqual(0.95 * 900)
    expect(run.plans.some((p) => /late/.test(p.reason))).toBe(true)
  })

  it('keeps time for predicting after training, at the speed validation measured', () => {
    const run = simulate({ ...twoStages, budgetReserve: { predictImages: 2000, views: 2, seconds: 10 } }, [
      { fullEpochSteps: 60, secondsPerStep: () => 0.3, validationSeconds: 2, checkpointSeconds: 0.5 },
      // 100 validation images in 4 s: 25 images/s, so 4,000 views take 160 s, 200 s with the margin
      { fullEpochSteps: 40, secondsPerStep: () => 1.1, validationSeconds: 4, checkpointSeconds: 0.5 },
    ])
    expect(run.reserve).toBeCloseTo(210, 0)
    expect(run.end).toBeLessThanOrEqual(900 - 210)
    expect(run.end).toBeGreaterThanOrEqual(0.95 * (900 - 210))
  })

  it('keeps time for fine-tuning before predicting, a training image costing two forward passes', () => {
    const run = simulate({ ...twoStages, budgetReserve: { predictImages: 2000, views: 2, fineTuneImages: 1000, seconds: 10 } }, [
      { fullEpochSteps: 60, secondsPerStep: () => 0.3, validationSeconds: 2, checkpointSeconds: 0.5 },
      // 25 forward images/s: 4,000 views and 1,000 fine-tuning images (2,000 forward passes' worth) take 240 s, 300 s with the margin
      { fullEpochSteps: 40, secondsPerStep: () => 1.1, validationSeconds: 4, checkpointSeconds: 0.5 },
    ])
    expect(run.reserve).toBeCloseTo(310, 0)
    expect(run.end).toBeLessThanOrEqual(900 - 310)
    expect(run.end).toBeGreaterThanOrEqual(0.95 * (900 - 310))
    // never more than a fifth of the budget: fine-tuning then runs fewer epochs
    const big = simulate({ ...twoStages, budgetReserve: { predictImages: 2000, views: 2, fineTuneImages: 100_000, seconds: 10 } }, [
      { fullEpochSteps: 60, secondsPerStep: () => 0.3, validationSeconds: 2, checkpointSeconds: 0.5 },
      { fullEpochSteps: 40, secondsPerStep: () => 1.1, validationSeconds: 4, checkpointSeconds: 0.5 },
    ])
    expect(big.reserve).toBeCloseTo(210 + 0.2 * 900, 0)
    expect(big.plans.at(-1)!.fineTuneSeconds).toBeCloseTo(0.2 * 900, 0)
  })

  it('counts what a resumed run spent before against the budget', () => {
    const run = simulate({ timeBudgetSeconds: 300, stages: [{ kind: 'labels', epochs: 3 }] }, [{ fullEpochSteps: 50, secondsPerStep: () => 0.5, validationSeconds: 1, checkpointSeconds: 0.2 }], 120)
    expect(run.end).toBeLessThanOrEqual(180)
    expect(run.end).toBeGreaterThanOrEqual(0.95 * 180)
    expect(run.plans[0]!.spentBefore).toBe(120)
  })

  it('ends a stage whose time runs out before its speed is measured', () => {
    const run = simulate({ timeBudgetSeconds: 8, stages: [{ kind: 'labels', epochs: 3 }] }, [{ fullEpochSteps: 50, secondsPerStep: () => 2, validationSeconds: 0.5, checkpointSeconds: 0.1 }])
    expect(run.end).toBeLessThanOrEqual(8.6)
    expect(run.trained[0]!.epochs).toBe(1)
  })
})
