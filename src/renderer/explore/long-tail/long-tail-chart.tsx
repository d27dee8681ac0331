import { useMemo } from 'react'
import type { LongTail, StatsSource } from '../../../shared/api/stats'
import { ChartPanel } from '../chart/chart-panel'
import { sourceColours, type ChartInstance, type ChartOption } from '../chart/echarts'

/** A class the brush picked: its rank and count in one source. */
export interface BrushedClass {
  code: string
  name: string
  source: StatsSource
  rank: number
  count: number
}

interface BrushSelected {
  batch?: Array<{ selected?: Array<{ seriesIndex: number; dataIndex: number[] }> }>
}

type Point = [rank: number, count: number, name: string, code: string]

/** Powers of ten only (the axes start a little below 1). */
const logLabel = (value: number) => (Math.abs(Math.log10(value) - Math.round(Math.log10(value))) < 1e-9 ? Math.round(value).toLocaleString('en-US') : '')

const turnOnBrush = (chart: ChartInstance) =>
  chart.dispatchAction({ type: 'takeGlobalCursor', key: 'brush', brushOption: { brushType: 'lineX', brushMode: 'single' } })

/**
 * Frequency against rank on log-log axes, one scatter series per source (thousands of points on
 * canvas). Dragging across ranks brushes the classes in that range; a click on a point selects its class.
 */
export function LongTailChart({ tails, onBrush, onSelect }: { tails: LongTail[]; onBrush: (classes: BrushedClass[]) => void; onSelect: (code: string) => void }) {
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      legend: { top: 0 },
      grid: { left: 56, right: 24, top: 32, bottom: 44 },
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesName: string; value: Point }) => `${p.value[2]} <span style="opacity:.6">${p.value[3]}</span><br/>${p.seriesName}: rank ${p.value[0]}, ${p.value[1].toLocaleString('en-US')}`,
      },
      brush: { xAxisIndex: 0, brushType: 'lineX', throttleType: 'debounce', throttleDelay: 200, outOfBrush: { colorAlpha: 0.15 }, brushStyle: { color: 'rgba(90,169,255,0.12)', borderColor: 'rgba(90,169,255,0.7)', borderWidth: 1 } },
      // A little below 1, so rank 1 and count 1 are not drawn on the axes.
      xAxis: { type: 'log', name: 'rank', nameLocation: 'middle', nameGap: 26, min: 0.8, splitLine: { show: false }, axisLabel: { formatter: logLabel } },
      yAxis: { type: 'log', name: 'images / boxes', min: 0.8, axisLabel: { formatter: logLabel } },
      series: tails.map((tail) => ({
        type: 'scatter',
        name: tail.source,
        symbolSize: 4,
        itemStyle: { color: sourceColours[tail.source] },
        data: tail.points.map((p): Point => [p.rank, p.count, p.name, p.code]),
      })),
    }),
    [tails],
  )
  const events = useMemo(
    () => ({
      brushSelected: (params: unknown) => {
        const selected = (params as BrushSelected).batch?.[0]?.selected ?? []
        const classes = selected.flatMap(({ seriesIndex, dataIndex }) => {
          const tail = tails[seriesIndex]
          return tail ? dataIndex.flatMap((i) => (tail.points[i] ? [{ ...tail.points[i], source: tail.source }] : [])) : []
        })
        onBrush(classes)
      },
      click: (params: unknown) => {
        const value = (params as { value?: Point }).value
        if (value) onSelect(value[3])
      },
    }),
    [tails, onBrush, onSelect],
  )
  const total = tails.reduce((n, t) => n + t.points.length, 0)
  const data: Record<`data-${string}`, number> = { 'data-points': total }
  for (const tail of tails) data[`data-points-${tail.source}`] = tail.points.length
  const csv = () => ({
    header: ['source', 'rank', 'code', 'name', 'count'],
    rows: tails.flatMap((t) => t.points.map((p) => [t.source, p.rank, p.code, p.name, p.count])),
  })
  return (
    <ChartPanel
      testId="long-tail-chart"
      title="Long tail: frequency against rank (drag across ranks to select classes)"
      fileName="long-tail"
      option={option}
      events={events}
      afterOption={turnOnBrush}
      csv={csv}
      data={data}
      style={{ height: 360 }}
    />
  )
}
