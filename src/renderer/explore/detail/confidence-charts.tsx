import { useMemo } from 'react'
import type { ClassDetail } from '../../../shared/api/stats'
import { ChartPanel } from '../chart/chart-panel'
import { sourceColours, type ChartOption } from '../chart/echarts'

const bands = Array.from({ length: 10 }, (_, b) => `${(b / 10).toFixed(1)}–${((b + 1) / 10).toFixed(1)}`)
const grid = { left: 52, right: 52, top: 36, bottom: 44 }
const bandAxis = { type: 'category', data: bands, name: 'machine confidence', nameLocation: 'middle', nameGap: 26 } as const

/** The class's machine labels by confidence band, and how humans verified those labels per band. */
export function ConfidenceCharts({ detail }: { detail: ClassDetail }) {
  const code = detail.row.code
  const histogram = useMemo<ChartOption>(
    () => ({
      animation: false,
      grid,
      tooltip: { trigger: 'axis' },
      xAxis: bandAxis,
      yAxis: { type: 'value', name: 'machine labels' },
      series: [{ type: 'bar', name: 'machine labels', itemStyle: { color: sourceColours.machine }, data: detail.confidenceBands }],
    }),
    [detail],
  )
  const agreement = useMemo<ChartOption>(() => {
    const byBand = bands.map((_, b) => detail.agreement.find((a) => a.band === b) ?? { band: b, verifiedPresent: 0, verifiedAbsent: 0 })
    return {
      animation: false,
      grid: { ...grid, top: 56 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: bandAxis,
      yAxis: [
        { type: 'value', name: 'verified' },
        { type: 'value', name: 'present rate', min: 0, max: 1, splitLine: { show: false } },
      ],
      series: [
        { type: 'bar', stack: 'verified', name: 'human: present', itemStyle: { color: '#7fd18b' }, data: byBand.map((a) => a.verifiedPresent) },
        { type: 'bar', stack: 'verified', name: 'human: absent', itemStyle: { color: '#ef6b6b' }, data: byBand.map((a) => a.verifiedAbsent) },
        {
          type: 'line',
          name: 'present rate',
          yAxisIndex: 1,
          connectNulls: true,
          data: byBand.map((a) => (a.verifiedPresent + a.verifiedAbsent > 0 ? a.verifiedPresent / (a.verifiedPresent + a.verifiedAbsent) : null)),
        },
      ],
    }
  }, [detail])
  const file = code.replaceAll('/', '_')
  return (
    <>
      <ChartPanel
        testId="confidence-histogram"
        title="Machine confidence"
        fileName={`confidence${file}`}
        option={histogram}
        style={{ height: 220 }}
        csv={() => ({ header: ['band', 'machineLabels'], rows: detail.confidenceBands.map((n, b) => [bands[b]!, n]) })}
      />
      <ChartPanel
        testId="agreement-chart"
        title="Machine labels a human verified"
        fileName={`agreement${file}`}
        option={agreement}
        style={{ height: 220 }}
        csv={() => ({ header: ['band', 'verifiedPresent', 'verifiedAbsent'], rows: detail.agreement.map((a) => [bands[a.band] ?? a.band, a.verifiedPresent, a.verifiedAbsent]) })}
      />
    </>
  )
}
