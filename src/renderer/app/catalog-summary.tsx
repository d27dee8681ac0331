import Box from '@mui/material/Box'
import type { CatalogSummary as Summary } from '../../shared/api/index'
import { Figure } from './figure'
import { formatCount } from './format'

const counts: { kind: keyof Summary; label: string }[] = [
  { kind: 'imagesOnDisk', label: 'images' },
  { kind: 'tuningImages', label: 'tuning images' },
  { kind: 'humanLabels', label: 'human labels' },
  { kind: 'machineLabels', label: 'machine labels' },
  { kind: 'boxes', label: 'boxes' },
  { kind: 'classes', label: 'classes' },
]

/** The catalog's row counts, with thousands separators; dashes until the first answer. */
export function CatalogSummary({ summary }: { summary: Summary | null }) {
  return (
    <Box data-testid="catalog-summary" sx={{ display: 'flex', gap: 2, alignItems: 'baseline' }}>
      {counts.map(({ kind, label }) => {
        const value = summary?.[kind]
        return <Figure key={kind} kind={kind} label={label} value={typeof value === 'number' ? formatCount(value) : '–'} />
      })}
    </Box>
  )
}
