import { describe, expect, it } from 'vitest'
import type { RunDetail, StepPoint, TrainerMessage } from '../../../src/shared/api/training'
import { applyMessage, emptyLiveRun, formatSeconds, liveRunFromDetail, logLimit, stageFraction, thinSteps } from '../../../src/renderer/train/live/live-run'

const progress = (globalStep: number, loss = 1): TrainerMessage => ({
  type: 'progress',
  stageIndex: 0,
  stage: 'labels',
  epoch: 1,
  epochs: 3,
  step: globalStep,
  stepsPerEpoch: 100,
  globalStep,
  loss,
  lr: 0.001,
  inputSize: 32,
  imagesPerSecond: 50,
  etaSeconds: 30,
  optimizer: 'adam',
})

const point = (globalStep: number): StepPoint => ({ globalStep, stageIndex: 0, epoch: 1, loss: 1, lr: 0.001, imagesPerSecond: 10, at: 0 })

describe('the live run', () => {
  it('appends a point per progress report, in place, skipping steps it already has', () => {
    const run = emptyLiveRun(7)
    const steps = run.steps
    applyMessage(run, progress(1, 2.5), 1000)
    applyMessage(run, progress(2, 2.4), 1100)
    applyMessage(run, progress(2, 2.4), 1200)
    expect(run.steps).toBe(steps)
    expect(run.steps.map((s) => [s.globalStep, s.loss, s.at])).toEqual([
      [1, 2.5, 1000],
      [2, 2.4, 1100],
    ])
    expect(run.state).toBe('running')
    expect(run.progress).toMatchObject({ globalStep: 2 })
  })

  it('records epochs once, with the optimizer that trained them', () => {
    const run = emptyLiveRun(1)
    applyMessage(run, progress(5), 0)
    const metrics: TrainerMessage = { type: 'metrics', stageIndex: 0, stage: 'labels', epoch: 1, epochs: 3, trainLoss: 0.5, validationLoss: 0.6, f2: 0.4, threshold: 0.3, baseline: 0.2, imagesPerSecond: 40, seconds: 12, optimizer: 'sgd' }
    applyMessage(run, metrics, 0)
    applyMessage(run, metrics, 0)
    expect(run.epochs).toHaveLength(1)
    expect(run.epochs[0]).toMatchObject({ f2: 0.4, accuracy: null, optimizer: 'sgd', baseline: 0.2 })
  })

  it('follows pause, resume, an error and the end', () => {
    const run = emptyLiveRun(1)
    applyMessage(run, { type: 'ready', backend: { name: 'wasm', reason: 'best present', skipped: [], threads: 2 } }, 0)
    expect(run.state).toBe('running')
    expect(run.backend?.name).toBe('wasm')
    applyMessage(run, { type: 'paused' }, 0)
    expect(run.state).toBe('paused')
    applyMessage(run, { type: 'resumed' }, 0)
    expect(run.state).toBe('running')
    applyMessage(run, { type: 'error', message: 'out of memory' }, 0)
    expect(run).toMatchObject({ state: 'ended', error: 'out of memory' })
    expect(run.log.at(-1)).toMatchObject({ level: 'error', text: 'out of memory' })
  })

  it('keeps the last lines of the log only', () => {
    const run = emptyLiveRun(1)
    for (let i = 0; i < logLimit + 50; i++) applyMessage(run, { type: 'log', level: 'info', text: `line ${i}` }, i)
    expect(run.log).toHaveLength(logLimit)
    expect(run.log.at(-1)!.text).toBe(`line ${logLimit + 49}`)
    expect(run.log[0]!.text).toBe('line 50')
  })

  it('thins old points to every other one past twice the limit, keeping the newest intact', () => {
    const steps = Array.from({ length: 21 }, (_, i) => point(i + 1))
    thinSteps(steps, 10)
    // 11 old points → 6 (every other), then the newest 10 as they were
    expect(steps.map((s) => s.globalStep)).toEqual([1, 3, 5, 7, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21])
    const short = [point(1), point(2)]
    expect(thinSteps(short, 10)).toEqual([point(1), point(2)])
  })

  it('stays bounded over a long run', () => {
    const run = emptyLiveRun(1)
    for (let step = 1; step <= 20_000; step++) applyMessage(run, progress(step), step)
    expect(run.steps.length).toBeLessThanOrEqual(3000)
    expect(run.steps.at(-1)!.globalStep).toBe(20_000)
    expect(run.steps[0]!.globalStep).toBe(1)
    const gaps = run.steps.slice(1).map((s, i) => s.globalStep - run.steps[i]!.globalStep)
    expect(gaps.every((g) => g > 0)).toBe(true)
  })

  it('starts from a run read with getRun, then keeps appending', () => {
    const detail: RunDetail = {
      run: {
        id: 3, name: 'r', config: {} as RunDetail['run']['config'], status: 'running', backend: 'wasm', backendReason: 'only one', createdAt: '', startedAt: null, finishedAt: null,
        seconds: 5, error: null, bestMetric: null, bestStage: null, bestEpoch: null, imagesPerSecond: null, plan: null, live: true, stages: ['labels'], checkpoints: 0,
      },
      epochs: [],
      steps: [point(1), point(2), point(3)],
      checkpoints: [],
      log: [{ at: 1, level: 'info', text: 'hello' }],
    }
    const run = liveRunFromDetail(detail)
    expect(run).toMatchObject({ runId: 3, state: 'running', backend: { name: 'wasm', reason: 'only one' } })
    applyMessage(run, progress(3), 0)
    applyMessage(run, progress(4), 0)
    expect(run.steps.map((s) => s.globalStep)).toEqual([1, 2, 3, 4])
    expect(detail.steps).toHaveLength(3)
  })

  it('says how far a stage is and how long is left', () => {
    expect(stageFraction({ epoch: 1, epochs: 2, step: 50, stepsPerEpoch: 100 })).toBe(0.25)
    expect(stageFraction({ epoch: 2, epochs: 2, step: 100, stepsPerEpoch: 100 })).toBe(1)
    expect(formatSeconds(42)).toBe('42 s')
    expect(formatSeconds(185)).toBe('3 min 05 s')
    expect(formatSeconds(7620)).toBe('2 h 07 min')
    expect(formatSeconds(Number.NaN)).toBe('–')
  })
})
