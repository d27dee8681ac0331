import { useMemo } from 'react'
import type { Shift } from '../../../shared/api/stats'
import { ChartPanel } from '../chart/chart-panel'
import { sourceColours, type ChartOption } from '../chart/echarts'

type Point = [train: number, other: number, name: string, code: string]

/** Each class's share of training against its share of the other side, log-log; off the diagonal is shift. */
export function ShiftScatter({ shift, onSelect }: { shift: Shift; onSelect: (code: string) => void }) {
  const both = useMemo(() => shift.rows.filter((r) => r.trainShare > 0 && r.otherShare > 0), [shift])
  const option = useMemo<ChartOption>(() => {
    const shares = both.flatMap((r) => [r.trainShare, r.otherShare])
    const low = shares.length > 0 ? Math.min(...shares) : 0.001
    const high = shares.length > 0 ? Math.max(...shares) : 1
    return {
      animation: false,
      grid: { left: 64, right: 24, top: 24, bottom: 48 },
      tooltip: {
        trigger: 'item',
        formatter: (p: { value: Point }) =>
          p.value[2] ? `${p.value[2]} <span style="opacity:.6">${p.value[3]}</span><br/>training ${(p.value[0] * 100).toFixed(2)}%<br/>${shift.against} ${(p.value[1] * 100).toFixed(2)}%` : '',
      },
      xAxis: { type: 'log', name: 'share in training', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'log', name: `share in ${shift.against}` },
      series: [
        { type: 'scatter', name: 'classes', symbolSize: 5, itemStyle: { color: sourceColours.tuning }, data: both.map((r): Point => [r.trainShare, r.otherShare, r.name, r.code]) },
        { type: 'line', name: 'no change', silent: true, symbol: 'none', lineStyle: { type: 'dashed', opacity: 0.5 }, data: [[low, low], [high, high]] },
      ],
    }
  }, [both, shift.against])
  const events = useMemo(
    () => ({
      click: (params: unknown) => {
        const code = (params as { value?: Point }).value?.[3]
        if (code) onSelect(code)
      },
    }),
    [onSelect],
  )
  return (
    <ChartPanel
      testId="shift-chart"
      title={`Class shares: training against ${shift.against} (classes on both sides)`}
      fileName={`shift-${shift.against}`}
      option={option}
      events={events}
      style={{ height: 340 }}
      data={{ 'data-points': both.length }}
      csv={() => ({
        header: ['code', 'name', 'trainImages', 'otherImages', 'trainShare', 'otherShare', 'change', 'estimatedTestShare'],
        rows: shift.rows.map((r) => [r.code, r.name, r.trainImages, r.otherImages, r.trainShare, r.otherShare, r.change, r.estimatedTestShare ?? null]),
      })}
    />
  )
}
