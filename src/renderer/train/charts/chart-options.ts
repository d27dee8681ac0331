import type { EpochRecord, StepPoint } from '../../../shared/api/training'
import type { ChartOption } from '../../explore/chart/echarts'
import type { CsvTable } from '../../explore/chart/csv-table'

/** One run's curves, named as the legend shows it. */
export interface RunCurves {
  name: string
  steps: readonly StepPoint[]
  epochs: readonly EpochRecord[]
}

/** The validation metric of an epoch: F2 for the labels stage, accuracy for the boxes stage. */
export function epochMetric(epoch: EpochRecord): number | null {
  return epoch.f2 ?? epoch.accuracy
}

/** Epochs in the order they ran, numbered across stages from 1 (the x of the validation charts). */
export function orderedEpochs(epochs: readonly EpochRecord[]): Array<EpochRecord & { ordinal: number }> {
  return [...epochs].sort((a, b) => a.stageIndex - b.stageIndex || a.epoch - b.epoch).map((e, i) => ({ ...e, ordinal: i + 1 }))
}

const base = {
  animation: false,
  grid: { left: 56, right: 56, top: 32, bottom: 40 },
  tooltip: { trigger: 'axis' },
  legend: { top: 0, type: 'scroll' },
} as const

const stepAxis = { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 24, min: 'dataMin', max: 'dataMax' } as const

/** Training loss per optimizer step, one line per run. */
export function lossOption(runs: readonly RunCurves[]): ChartOption {
  return {
    ...base,
    xAxis: stepAxis,
    yAxis: { type: 'value', name: 'loss', scale: true },
    series: runs.map((run) => ({ type: 'line', name: runs.length > 1 ? run.name : 'training loss', showSymbol: false, sampling: 'lttb', data: run.steps.map((s) => [s.globalStep, s.loss]) })),
  }
}

/** Learning rate (left axis) and images per second (right axis) per step, for one run. */
export function rateOption(steps: readonly StepPoint[]): ChartOption {
  return {
    ...base,
    xAxis: stepAxis,
    yAxis: [
      { type: 'value', name: 'learning rate', axisLabel: { formatter: (v: number) => v.toExponential(0) } },
      { type: 'value', name: 'images/s', splitLine: { show: false } },
    ],
    series: [
      { type: 'line', name: 'learning rate', showSymbol: false, data: steps.map((s) => [s.globalStep, s.lr]) },
      { type: 'line', name: 'images/s', yAxisIndex: 1, showSymbol: false, data: steps.map((s) => [s.globalStep, s.imagesPerSecond]) },
    ],
  }
}

/**
 * Validation per epoch. One run: F2 (labels stage), accuracy (boxes stage) and what ignoring the image scores
 * (baseline, dashed). Several runs: each run's metric, overlaid.
 */
export function validationOption(runs: readonly RunCurves[]): ChartOption {
  const xAxis = { type: 'value', name: 'epoch (all stages)', nameLocation: 'middle', nameGap: 24, minInterval: 1 } as const
  const yAxis = { type: 'value', name: 'validation', min: 0, max: 1 } as const
  if (runs.length !== 1) {
    return {
      ...base,
      xAxis,
      yAxis,
      series: runs.map((run) => ({ type: 'line', name: run.name, data: orderedEpochs(run.epochs).map((e) => [e.ordinal, epochMetric(e)]) })),
    }
  }
  const epochs = orderedEpochs(runs[0]!.epochs)
  const of = (stage: string, pick: (e: EpochRecord) => number | null) => epochs.map((e) => [e.ordinal, e.stage === stage ? pick(e) : null])
  const series = [
    { type: 'line', name: 'F2 (labels)', connectNulls: false, data: of('labels', (e) => e.f2) },
    { type: 'line', name: 'accuracy (boxes)', connectNulls: false, data: of('boxes', (e) => e.accuracy) },
    { type: 'line', name: 'baseline', lineStyle: { type: 'dashed' }, showSymbol: false, data: epochs.map((e) => [e.ordinal, e.baseline]) },
  ].filter((s) => s.data.some(([, y]) => y !== null))
  return { ...base, xAxis, yAxis, series }
}

/** The steps behind the loss and rate charts, for Export CSV. */
export function stepsCsv(runs: readonly RunCurves[]): CsvTable {
  return {
    header: ['run', 'step', 'stage', 'epoch', 'loss', 'lr', 'images_per_second'],
    rows: runs.flatMap((run) => run.steps.map((s) => [run.name, s.globalStep, s.stageIndex + 1, s.epoch, s.loss, s.lr, s.imagesPerSecond])),
  }
}

/** The epochs behind the validation chart, for Export CSV. */
export function epochsCsv(runs: readonly RunCurves[]): CsvTable {
  return {
    header: ['run', 'stage', 'epoch', 'train_loss', 'validation_loss', 'f2', 'threshold', 'accuracy', 'baseline', 'seconds'],
    rows: runs.flatMap((run) =>
      orderedEpochs(run.epochs).map((e) => [run.name, e.stage, e.epoch, e.trainLoss, e.validationLoss, e.f2, e.threshold, e.accuracy, e.baseline, e.seconds]),
    ),
  }
}
