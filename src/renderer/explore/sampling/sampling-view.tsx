import Box from '@mui/material/Box'
import MenuItem from '@mui/material/MenuItem'
import TextField from '@mui/material/TextField'
import { useMemo, useState } from 'react'
import { samplingSchemes, type SamplingScheme } from '../../../shared/sampling'
import { useApiValue } from '../../app/use-api-value'
import { useDebouncedValue } from '../../browse/use-debounced-value'
import { ChartPanel } from '../chart/chart-panel'
import { sourceColours, type ChartOption } from '../chart/echarts'
import { useStatsRevision } from '../stats-revision'

const schemeNames: Record<SamplingScheme, string> = {
  none: 'None (natural)',
  inverse: 'Inverse frequency',
  sqrt: 'Square root',
  effective: 'Effective number (β)',
}

/** The share of an epoch each top class gets under a weighting scheme, next to its natural share (log scale). */
export function SamplingView() {
  const [scheme, setScheme] = useState<SamplingScheme>('sqrt')
  const [betaText, setBetaText] = useState('0.999')
  const [topText, setTopText] = useState('60')
  const betaAsked = Number(useDebouncedValue(betaText, 400))
  const beta = Number.isFinite(betaAsked) ? Math.min(0.99999, Math.max(0, betaAsked)) : 0.999
  const topAsked = Math.round(Number(useDebouncedValue(topText, 400)))
  const limit = Number.isFinite(topAsked) ? Math.min(5000, Math.max(1, topAsked)) : 60
  const revision = useStatsRevision()
  const preview = useApiValue('stats.samplingPreview', (client) => client.call('stats.samplingPreview', { scheme, beta, limit }), [scheme, beta, limit, revision])
  const rows = useMemo(() => preview.value?.rows ?? [], [preview.value])

  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      legend: { top: 0 },
      grid: { left: 64, right: 24, top: 32, bottom: 100 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${(v * 100).toFixed(3)}%` },
      xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: 60, interval: rows.length > 80 ? 'auto' : 0, fontSize: 9 } },
      yAxis: { type: 'log', name: 'share of an epoch', axisLabel: { formatter: (v: number) => `${+(v * 100).toPrecision(2)}%` } },
      series: [
        { type: 'line', name: 'natural', symbol: 'none', itemStyle: { color: sourceColours.human }, data: rows.map((r) => r.naturalShare || null) },
        { type: 'line', name: `expected: ${schemeNames[scheme]}`, symbol: 'none', itemStyle: { color: sourceColours.tuning }, data: rows.map((r) => r.expectedShare || null) },
      ],
    }),
    [rows, scheme],
  )
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <TextField select data-testid="sampling-scheme" label="Scheme" value={scheme} onChange={(e) => setScheme(e.target.value as SamplingScheme)} sx={{ width: 200 }}>
          {samplingSchemes.map((s) => (
            <MenuItem key={s} value={s}>
              {schemeNames[s]}
            </MenuItem>
          ))}
        </TextField>
        <TextField label="β" type="number" disabled={scheme !== 'effective'} value={betaText} onChange={(e) => setBetaText(e.target.value)} slotProps={{ htmlInput: { min: 0, max: 0.99999, step: 0.001 } }} sx={{ width: 110 }} />
        <TextField label="Top classes" type="number" value={topText} onChange={(e) => setTopText(e.target.value)} slotProps={{ htmlInput: { min: 1, max: 5000 } }} sx={{ width: 110 }} />
      </Box>
      <ChartPanel
        testId="sampling-chart"
        title="Expected class distribution per epoch against the natural one"
        fileName={`sampling-${scheme}`}
        option={option}
        data={{ 'data-scheme': scheme, 'data-classes': rows.length }}
        style={{ height: 380 }}
        csv={() => ({ header: ['code', 'name', 'images', 'naturalShare', 'expectedShare'], rows: rows.map((r) => [r.code, r.name, r.images, r.naturalShare, r.expectedShare]) })}
      />
    </Box>
  )
}
