import { describe, expect, it } from 'vitest'
import type { EpochRecord, StepPoint } from '../../../src/shared/api/training'
import { epochsCsv, lossOption, orderedEpochs, validationOption } from '../../../src/renderer/train/charts/chart-options'
import { bestMetricText, canResume, predictCommand, runErrorText } from '../../../src/renderer/train/runs/run-format'

const epoch = (stageIndex: number, stage: string, n: number, metric: number): EpochRecord => ({
  stageIndex, stage, epoch: n, trainLoss: 1, validationLoss: 1, accuracy: stage === 'boxes' ? metric : null, f2: stage === 'labels' ? metric : null,
  threshold: null, baseline: 0.1, imagesPerSecond: 1, seconds: 1, optimizer: 'adam',
})
const step = (globalStep: number, loss: number): StepPoint => ({ globalStep, stageIndex: 0, epoch: 1, loss, lr: 1e-3, imagesPerSecond: 1, at: 0 })

describe('runs', () => {
  it('resumes only runs that ended early and are not training', () => {
    for (const status of ['interrupted', 'stopped', 'failed', 'time-budget'] as const) expect(canResume({ status, live: false })).toBe(true)
    for (const status of ['completed', 'running', 'paused', 'created'] as const) expect(canResume({ status, live: false })).toBe(false)
    expect(canResume({ status: 'stopped', live: true })).toBe(false)
  })

  it('names the best metric by its stage', () => {
    expect(bestMetricText({ bestMetric: 0.4567, bestStage: 1, bestEpoch: 3, stages: ['boxes', 'labels'] })).toBe('F2 0.457 (stage 2, epoch 3)')
    expect(bestMetricText({ bestMetric: 0.8, bestStage: 0, bestEpoch: 1, stages: ['boxes', 'labels'] })).toBe('accuracy 0.800 (stage 1, epoch 1)')
    expect(bestMetricText({ bestMetric: null, bestStage: null, bestEpoch: null, stages: [] })).toBe('–')
  })

  it('says why a run ended early, from its record or else the last error line of its log', () => {
    const log = [{ level: 'error', text: 'old' }, { level: 'info', text: 'x' }, { level: 'error', text: 'the trainer was killed (SIGKILL)' }]
    expect(runErrorText({ error: 'out of memory', status: 'failed' }, log)).toBe('out of memory')
    expect(runErrorText({ error: null, status: 'interrupted' }, log)).toBe('the trainer was killed (SIGKILL)')
    expect(runErrorText({ error: null, status: 'stopped' }, log)).toBeNull()
  })

  it('writes the predict command line, quoting a workspace path with spaces', () => {
    expect(predictCommand('/home/me/oiw', 4)).toBe('oiw predict --workspace /home/me/oiw --run 4 --images tuning --tta')
    expect(predictCommand("/home/me/my work's", 4)).toBe(`oiw predict --workspace '/home/me/my work'\\''s' --run 4 --images tuning --tta`)
  })
})

describe('training charts', () => {
  it('numbers epochs across stages in the order they ran', () => {
    const ordered = orderedEpochs([epoch(1, 'labels', 1, 0.3), epoch(0, 'boxes', 2, 0.5), epoch(0, 'boxes', 1, 0.4)])
    expect(ordered.map((e) => [e.stage, e.epoch, e.ordinal])).toEqual([
      ['boxes', 1, 1],
      ['boxes', 2, 2],
      ['labels', 1, 3],
    ])
  })

  it('draws one run as F2, accuracy and baseline, and several runs overlaid by name', () => {
    const epochs = [epoch(0, 'boxes', 1, 0.4), epoch(1, 'labels', 1, 0.3)]
    const one = validationOption([{ name: 'a', steps: [], epochs }]) as { series: Array<{ name: string; data: unknown[] }> }
    expect(one.series.map((s) => s.name)).toEqual(['F2 (labels)', 'accuracy (boxes)', 'baseline'])
    expect(one.series[0]!.data).toEqual([
      [1, null],
      [2, 0.3],
    ])
    const two = validationOption([
      { name: 'a', steps: [], epochs },
      { name: 'b', steps: [], epochs: [epoch(0, 'labels', 1, 0.2)] },
    ]) as { series: Array<{ name: string; data: unknown[] }> }
    expect(two.series.map((s) => [s.name, s.data])).toEqual([
      ['a', [[1, 0.4], [2, 0.3]]],
      ['b', [[1, 0.2]]],
    ])
    const loss = lossOption([{ name: 'a', steps: [step(1, 2), step(2, 1.5)], epochs: [] }]) as { series: Array<{ data: unknown[] }> }
    expect(loss.series[0]!.data).toEqual([
      [1, 2],
      [2, 1.5],
    ])
    expect(epochsCsv([{ name: 'a', steps: [], epochs }]).rows).toHaveLength(2)
  })
})
