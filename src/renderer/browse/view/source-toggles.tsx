import Box from '@mui/material/Box'
import Chip from '@mui/material/Chip'
import { formatCount } from '../../app/format'
import { labelGroupKinds, labelGroupTitles, type LabelGroupKind } from '../label-groups'

export type ShownGroups = Record<LabelGroupKind, boolean>

export const allGroupsShown: ShownGroups = { human: true, machine: true, tuning: true }

interface SourceTogglesProps {
  showBoxes: boolean
  boxCount: number
  onToggleBoxes: () => void
  shown: ShownGroups
  counts: Record<LabelGroupKind, number>
  onToggleGroup: (kind: LabelGroupKind) => void
}

function Toggle({ on, label, count, title, testId, onClick }: { on: boolean; label: string; count: number; title: string; testId: string; onClick: () => void }) {
  return (
    <Chip
      disabled={count === 0}
      data-testid={testId}
      aria-pressed={on}
      size="small"
      clickable
      onClick={onClick}
      title={title}
      label={`${on && count > 0 ? '✓ ' : ''}${label} ${formatCount(count)}`}
      color={on ? 'primary' : 'default'}
      variant={on ? 'filled' : 'outlined'}
      sx={on ? undefined : { opacity: 0.75 }}
    />
  )
}

/** What the view shows, per source: the boxes (human-drawn) and each group of labels. */
export function SourceToggles({ showBoxes, boxCount, onToggleBoxes, shown, counts, onToggleGroup }: SourceTogglesProps) {
  return (
    <Box data-testid="source-toggles" sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, mb: 1.5 }}>
      <Toggle on={showBoxes} label="Boxes" count={boxCount} title="Show or hide the boxes on the image (b)" testId="toggle-boxes" onClick={onToggleBoxes} />
      {labelGroupKinds.map((kind) => (
        <Toggle
          key={kind}
          on={shown[kind]}
          label={labelGroupTitles[kind]}
          count={counts[kind]}
          title={`Show or hide the ${labelGroupTitles[kind].toLowerCase()} labels`}
          testId={`toggle-labels-${kind}`}
          onClick={() => onToggleGroup(kind)}
        />
      ))}
    </Box>
  )
}
