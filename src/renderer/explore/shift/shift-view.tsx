import { Figure } from '../../app/figure'
import Box from '@mui/material/Box'
import Chip from '@mui/material/Chip'
import MenuItem from '@mui/material/MenuItem'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import { useMemo, useState } from 'react'
import { formatCount } from '../../app/format'
import { useApiValue } from '../../app/use-api-value'
import { useDebouncedValue } from '../../browse/use-debounced-value'
import { ShiftScatter } from './shift-scatter'
import { ShiftTable } from './shift-table'
import { EstimatedTestPriorHeadline } from './estimated-test-prior'
import { useStatsRevision } from '../stats-revision'

type Only = 'all' | 'both' | 'train' | 'other'

/** Training's label distribution against the tuning set or a prediction set: shares, absent classes, summary numbers. */
export function ShiftView({ onSelect }: { onSelect: (code: string) => void }) {
  const [againstText, setAgainstText] = useState('tuning')
  const against = useDebouncedValue(againstText.trim(), 500) || 'tuning'
  const [only, setOnly] = useState<Only>('all')
  const revision = useStatsRevision()
  const shift = useApiValue('stats.shift', (client) => client.call('stats.shift', { against, limit: 5000 }), [against, revision])
  const s = shift.value
  const absentInTrain = useMemo(() => (s ? s.rows.filter((r) => r.trainImages === 0 && r.otherImages > 0) : []), [s])
  const rows = useMemo(() => {
    const all = s?.rows ?? []
    if (only === 'both') return all.filter((r) => r.trainImages > 0 && r.otherImages > 0)
    if (only === 'train') return all.filter((r) => r.trainImages > 0 && r.otherImages === 0)
    if (only === 'other') return all.filter((r) => r.trainImages === 0 && r.otherImages > 0)
    return all
  }, [s, only])

  const summary: Array<[string, string]> = s
    ? [
        ['only in training', formatCount(s.onlyInTrain)],
        [`only in ${s.against}`, formatCount(s.onlyInOther)],
        ['rank correlation', s.rankCorrelation.toFixed(3)],
        ['Jensen–Shannon', s.jensenShannon.toFixed(3)],
        ['labels / image, training', s.labelsPerImage.train.toFixed(2)],
        [`labels / image, ${s.against}`, s.labelsPerImage.other.toFixed(2)],
      ]
    : []
  return (
    <Box data-testid="shift-view" data-against={s?.against} sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <TextField data-testid="shift-against" label="Compare training with" helperText="tuning, or a prediction set's name" value={againstText} onChange={(e) => setAgainstText(e.target.value)} sx={{ width: 260 }} />
        {shift.error && <Typography color="error">{shift.error}</Typography>}
      </Box>
      <Box data-testid="shift-summary" sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        {summary.map(([label, value]) => (
          <Figure key={label} label={label} value={value} />
        ))}
      </Box>
      {s?.estimatedTestPrior && <EstimatedTestPriorHeadline prior={s.estimatedTestPrior} against={s.against} />}
      {s && <ShiftScatter shift={s} onSelect={onSelect} />}
      <Box data-testid="shift-absent-in-train" data-count={absentInTrain.length}>
        <Typography variant="subtitle2">Absent from training, present in {s?.against ?? against} ({formatCount(absentInTrain.length)})</Typography>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, maxHeight: 96, overflowY: 'auto' }}>
          {absentInTrain.map((r) => (
            <Chip key={r.code} data-class-code={r.code} label={`${r.name} · ${formatCount(r.otherImages)}`} title={r.code} variant="outlined" onClick={() => onSelect(r.code)} />
          ))}
        </Box>
      </Box>
      <TextField select data-testid="shift-filter" label="Show" value={only} onChange={(e) => setOnly(e.target.value as Only)} sx={{ width: 260, mt: 1 }}>
        <MenuItem value="all">All classes</MenuItem>
        <MenuItem value="both">In both</MenuItem>
        <MenuItem value="train">Only in training</MenuItem>
        <MenuItem value="other">Only in {s?.against ?? against}</MenuItem>
      </TextField>
      <ShiftTable rows={rows} against={s?.against ?? against} estimatedTest={s?.estimatedTestPrior?.estimated === true} onSelect={onSelect} />
    </Box>
  )
}
