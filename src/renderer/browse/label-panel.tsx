import Box from '@mui/material/Box'
import Chip from '@mui/material/Chip'
import Typography from '@mui/material/Typography'
import type { ImageLabel } from '../../shared/api/index'
import { LabelRow, type LabelEditing } from '../annotate/label-row'
import { formatConfidence } from '../app/format'
import { classColour } from './class-colour'
import { groupLabels, isNegative, labelKey, type LabelGroupKind } from './label-groups'

function Swatch({ code }: { code: string }) {
  return <Box component="span" sx={{ width: 8, height: 8, ml: '6px !important', borderRadius: '2px', bgcolor: classColour(code) }} />
}

function chipText(label: ImageLabel, kind: LabelGroupKind): string {
  return kind === 'machine' ? `${label.name} ${formatConfidence(label.confidence)}` : label.name
}

function chipTitle(label: ImageLabel): string {
  const meaning = isNegative(label) ? 'verified absent' : `confidence ${formatConfidence(label.confidence)}`
  return `${label.code} · ${label.source} · ${meaning}`
}

function LabelChip({ label, kind }: { label: ImageLabel; kind: LabelGroupKind }) {
  const negative = isNegative(label)
  return (
    <Chip
      data-label-code={label.code}
      data-label-source={label.source}
      data-negative={negative ? 'true' : undefined}
      title={chipTitle(label)}
      icon={negative ? undefined : <Swatch code={label.code} />}
      label={chipText(label, kind)}
      variant={negative ? 'outlined' : 'filled'}
      color={negative ? 'warning' : 'default'}
      sx={negative ? { textDecoration: 'line-through', opacity: 0.85 } : undefined}
    />
  )
}

/**
 * The image's labels, grouped by where they come from; verified-absent classes struck through,
 * machine labels with their confidence. `shown` leaves out the groups the user switched off. With
 * `editing` each label is a row with its accept / reject / flip / remove buttons; else a chip.
 */
export function LabelPanel({ labels, shown, editing }: { labels: readonly ImageLabel[]; shown?: Readonly<Record<LabelGroupKind, boolean>>; editing?: LabelEditing }) {
  const all = groupLabels(labels)
  const groups = shown ? all.filter((group) => shown[group.kind]) : all
  if (groups.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        {all.length === 0 ? 'No labels.' : 'Every label group is hidden.'}
      </Typography>
    )
  }
  return (
    <Box data-testid="label-panel" sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
      {groups.map((group) => {
        const negatives = group.labels.filter(isNegative).length
        return (
          <Box key={group.kind} data-label-group={group.kind}>
            <Typography variant="overline" color="text.secondary" sx={{ display: 'block', lineHeight: 2 }}>
              {group.title} · {group.labels.length - negatives}
              {negatives > 0 ? ` (+${negatives} absent)` : ''}
            </Typography>
            {editing ? (
              <Box role="listbox" aria-label={`${group.title} labels`} sx={{ display: 'flex', flexDirection: 'column' }}>
                {group.labels.map((label) => (
                  <LabelRow key={labelKey(label)} label={label} kind={group.kind} editing={editing} />
                ))}
              </Box>
            ) : (
              <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }}>
                {group.labels.map((label) => (
                  <LabelChip key={labelKey(label)} label={label} kind={group.kind} />
                ))}
              </Box>
            )}
          </Box>
        )
      })}
    </Box>
  )
}
