import MenuItem from '@mui/material/MenuItem'
import TextField from '@mui/material/TextField'
import { useMemo, useState } from 'react'
import type { LabelsPerImage } from '../../../shared/api/stats'
import { useApiValue } from '../../app/use-api-value'
import { ChartPanel } from '../chart/chart-panel'
import { sourceColours, type ChartOption } from '../chart/echarts'
import { useStatsRevision } from '../stats-revision'

const empty: LabelsPerImage = { source: 'human', bins: [], mean: 0 }

/** How many images carry n labels, for the human-verified training labels or the tuning set. */
export function LabelsPerImageChart() {
  const [source, setSource] = useState<LabelsPerImage['source']>('human')
  const revision = useStatsRevision()
  const histogram = useApiValue('stats.labelsPerImage', (client) => client.call('stats.labelsPerImage', { source }), [source, revision]).value ?? empty
  const option = useMemo<ChartOption>(() => {
    const last = histogram.bins.length - 1
    return {
      animation: false,
      grid: { left: 56, right: 24, top: 24, bottom: 44 },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        name: 'labels per image',
        nameLocation: 'middle',
        nameGap: 26,
        data: histogram.bins.map((b, i) => (i === last && last > 0 ? `≥${b.labels}` : String(b.labels))),
      },
      yAxis: { type: 'value', name: 'images' },
      series: [{ type: 'bar', name: 'images', itemStyle: { color: sourceColours[source] }, data: histogram.bins.map((b) => b.images) }],
    }
  }, [histogram, source])
  return (
    <ChartPanel
      testId="labels-per-image-chart"
      title={`Labels per image (mean ${histogram.mean.toFixed(2)})`}
      fileName={`labels-per-image-${source}`}
      option={option}
      csv={() => ({ header: ['labels', 'images'], rows: histogram.bins.map((b) => [b.labels, b.images]) })}
      data={{ 'data-mean': histogram.mean }}
      style={{ height: 240 }}
      controls={
        <TextField select value={source} onChange={(e) => setSource(e.target.value as LabelsPerImage['source'])} sx={{ width: 120 }}>
          <MenuItem value="human">Training</MenuItem>
          <MenuItem value="tuning">Tuning</MenuItem>
        </TextField>
      }
    />
  )
}
