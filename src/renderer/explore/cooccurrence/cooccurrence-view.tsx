import Box from '@mui/material/Box'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import { useMemo, useState } from 'react'
import type { Cooccurrence } from '../../../shared/api/stats'
import { useApiValue } from '../../app/use-api-value'
import { useDebouncedValue } from '../../browse/use-debounced-value'
import { ChartPanel } from '../chart/chart-panel'
import type { ChartOption } from '../chart/echarts'
import { useStatsRevision } from '../stats-revision'

const empty: Cooccurrence = { classes: [], images: [] }
type Cell = [x: number, y: number, images: number]

/** The top-N classes against each other: images with human-positive labels of both (the diagonal: of one). */
export function CooccurrenceView({ onSelect }: { onSelect: (code: string) => void }) {
  const [topText, setTopText] = useState('50')
  const asked = Math.round(Number(useDebouncedValue(topText, 400)))
  const top = Number.isFinite(asked) ? Math.min(200, Math.max(2, asked)) : 50
  const revision = useStatsRevision()
  const matrix = useApiValue('stats.cooccurrence', (client) => client.call('stats.cooccurrence', { top, classCodes: null }), [top, revision]).value ?? empty

  const option = useMemo<ChartOption>(() => {
    const names = matrix.classes.map((c) => c.name)
    const cells: Cell[] = []
    let offDiagonalMax = 1
    matrix.images.forEach((row, i) =>
      row.forEach((n, j) => {
        cells.push([j, i, n])
        if (i !== j) offDiagonalMax = Math.max(offDiagonalMax, n)
      }),
    )
    return {
      animation: false,
      grid: { left: 120, right: 80, top: 16, bottom: 110 },
      tooltip: {
        formatter: (p: { value: Cell }) => {
          const [x, y, n] = p.value
          return x === y ? `${names[x]}: ${n.toLocaleString('en-US')} images` : `${names[y]} & ${names[x]}: ${n.toLocaleString('en-US')} images`
        },
      },
      xAxis: { type: 'category', data: names, axisLabel: { rotate: 60, interval: 0, fontSize: 9 }, splitArea: { show: true } },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { interval: 0, fontSize: 9 }, splitArea: { show: true } },
      // The diagonal (a class with itself) is far larger than any pair: the scale is set by the pairs.
      visualMap: { type: 'continuous', min: 0, max: offDiagonalMax, calculable: true, orient: 'vertical', right: 0, top: 'center', inRange: { color: ['#1b2733', '#2f6fb0', '#5aa9ff', '#f2b84b'] } },
      series: [{ type: 'heatmap', data: cells, progressive: 5000, emphasis: { itemStyle: { borderColor: '#fff', borderWidth: 1 } } }],
    }
  }, [matrix])
  const events = useMemo(
    () => ({
      click: (params: unknown) => {
        const value = (params as { value?: Cell }).value
        const picked = value && matrix.classes[value[1]]
        if (picked) onSelect(picked.code)
      },
    }),
    [matrix, onSelect],
  )
  const csv = () => ({
    header: ['code', 'name', ...matrix.classes.map((c) => c.code)],
    rows: matrix.classes.map((c, i) => [c.code, c.name, ...(matrix.images[i] ?? [])]),
  })
  const side = Math.max(420, Math.min(1100, 160 + matrix.classes.length * 12))
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <ChartPanel
        testId="cooccurrence-chart"
        title="Co-occurrence of the most frequent classes (images with both)"
        fileName={`cooccurrence-top-${top}`}
        option={option}
        events={events}
        csv={csv}
        data={{ 'data-classes': matrix.classes.length }}
        style={{ height: side }}
        controls={
          <TextField
            data-testid="cooccurrence-top"
            label="Top N"
            type="number"
            value={topText}
            onChange={(e) => setTopText(e.target.value)}
            slotProps={{ htmlInput: { min: 2, max: 200 } }}
            sx={{ width: 96 }}
          />
        }
      />
      <Typography variant="caption" color="text.secondary">
        Click a cell to see its row's class in detail.
      </Typography>
    </Box>
  )
}
