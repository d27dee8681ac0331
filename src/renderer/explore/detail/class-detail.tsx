import { Figure } from '../../app/figure'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Typography from '@mui/material/Typography'
import { formatCount } from '../../app/format'
import { useApiValue } from '../../app/use-api-value'
import { monoFont } from '../../app/theme'
import { formatShare } from '../class-table/class-columns'
import { ClassHierarchy } from './class-hierarchy'
import { ConfidenceCharts } from './confidence-charts'
import { RelatedTable } from './related-table'
import { useStatsRevision } from '../stats-revision'

interface ClassDetailProps {
  code: string | null
  /** The hierarchy file the catalog indexed, null when none was; undefined until known. */
  hierarchyFile: string | null | undefined
  onSelect: (code: string) => void
  onBrowse: (code: string) => void
}

/** Everything about the selected class: counts, machine confidences against human checks, related classes, hierarchy. */
export function ClassDetailView({ code, hierarchyFile, onSelect, onBrowse }: ClassDetailProps) {
  const revision = useStatsRevision()
  const detail = useApiValue('stats.classDetail', (client) => (code ? client.call('stats.classDetail', { classCode: code, top: 15 }) : Promise.resolve(null)), [code, revision])
  const d = detail.value
  if (!code) {
    return (
      <Typography data-testid="class-detail" color="text.secondary">
        Select a class in the table or a chart.
      </Typography>
    )
  }
  if (!d || d.row.code !== code) {
    return (
      <Typography data-testid="class-detail" data-class-code={code} color="text.secondary">
        {detail.error ?? 'Loading…'}
      </Typography>
    )
  }
  const r = d.row
  const counts: Array<[string, string]> = [
    ['rank', `#${r.rank}`],
    ['human positive', formatCount(r.humanPositive)],
    ['human negative', formatCount(r.humanNegative)],
    ['machine', formatCount(r.machine)],
    ['boxes', `${formatCount(r.boxes)} on ${formatCount(r.boxImages)} images`],
    ['tuning', formatCount(r.tuning)],
    ['share', formatShare(r.share)],
  ]
  return (
    <Box data-testid="class-detail" data-class-code={code} sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1 }}>
        <Typography variant="h6">{r.name}</Typography>
        <Typography sx={{ fontFamily: monoFont, color: 'text.secondary' }}>{r.code}</Typography>
        <Typography variant="caption" color="text.secondary">
          {[r.boxable && 'boxable', r.trainable && 'trainable'].filter(Boolean).join(' · ')}
        </Typography>
        <Box sx={{ flex: 1 }} />
        <Button data-testid="detail-open-browse" variant="outlined" onClick={() => onBrowse(r.code)}>
          Browse its images
        </Button>
      </Box>
      <ClassHierarchy detail={d} indexed={hierarchyFile === undefined ? undefined : hierarchyFile !== null} onSelect={onSelect} />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        {counts.map(([label, value]) => (
          <Figure key={label} label={label} value={value} />
        ))}
      </Box>
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: 1 }}>
        <ConfidenceCharts detail={d} />
      </Box>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <RelatedTable title="Seen most often with" testId="related-by-count" classes={d.topByCount} onSelect={onSelect} />
        <RelatedTable title="Most over-represented with (lift)" testId="related-by-lift" classes={d.topByLift} onSelect={onSelect} />
      </Box>
    </Box>
  )
}
