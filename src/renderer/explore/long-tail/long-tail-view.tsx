import Box from '@mui/material/Box'
import Chip from '@mui/material/Chip'
import ToggleButton from '@mui/material/ToggleButton'
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup'
import Typography from '@mui/material/Typography'
import { useCallback, useMemo, useState } from 'react'
import { statsSources, type StatsSource } from '../../../shared/api/stats'
import { countOf } from '../../app/format'
import { useApiValue } from '../../app/use-api-value'
import { LabelsPerImageChart } from './labels-per-image-chart'
import { LongTailChart, type BrushedClass } from './long-tail-chart'
import { useStatsRevision } from '../stats-revision'

/** Brushed classes listed by name; more than this are counted, not listed. */
const listed = 60

/** The long tail per source, the classes a brush picks out of it, and the labels-per-image histogram. */
export function LongTailView({ onSelect }: { onSelect: (code: string) => void }) {
  const [sources, setSources] = useState<StatsSource[]>([...statsSources])
  const key = sources.join(',')
  const revision = useStatsRevision()
  const tails = useApiValue(
    'stats.longTail',
    (client) => Promise.all(sources.map((source) => client.call('stats.longTail', { source }))),
    [key, revision],
  )
  const [brushed, setBrushed] = useState<BrushedClass[]>([])
  const onBrush = useCallback((classes: BrushedClass[]) => setBrushed(classes), [])
  const distinct = useMemo(() => {
    const byCode = new Map<string, BrushedClass>()
    for (const c of brushed) if (!byCode.has(c.code)) byCode.set(c.code, c)
    return [...byCode.values()]
  }, [brushed])
  const ranks = brushed.map((c) => c.rank)

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <ToggleButtonGroup size="small" value={sources} onChange={(_, next: StatsSource[]) => next.length > 0 && setSources(statsSources.filter((s) => next.includes(s)))}>
        {statsSources.map((s) => (
          <ToggleButton key={s} value={s} data-testid={`long-tail-source-${s}`}>
            {s}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <LongTailChart tails={tails.value ?? []} onBrush={onBrush} onSelect={onSelect} />
      <Box data-testid="brushed-classes" data-count={distinct.length} sx={{ minHeight: 32 }}>
        <Typography variant="body2" color="text.secondary">
          {distinct.length === 0
            ? 'Drag across the chart to select a range of ranks.'
            : `${countOf(distinct.length, 'class', 'classes')} selected, ranks ${Math.min(...ranks)}–${Math.max(...ranks)}`}
        </Typography>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, mt: 0.5, maxHeight: 120, overflowY: 'auto' }}>
          {distinct.slice(0, listed).map((c) => (
            <Chip key={c.code} label={c.name} title={c.code} onClick={() => onSelect(c.code)} variant="outlined" />
          ))}
          {distinct.length > listed && <Chip label={`+${distinct.length - listed} more`} disabled />}
        </Box>
      </Box>
      <LabelsPerImageChart />
    </Box>
  )
}
