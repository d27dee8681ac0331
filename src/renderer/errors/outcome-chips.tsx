import Box from '@mui/material/Box'
import Chip from '@mui/material/Chip'
import Typography from '@mui/material/Typography'
import type { ImageErrorLabel, LabelOutcome } from '../../shared/api/evaluation'
import { labelChipText, labelChipTitle, labelsOf, outcomeStyle } from './error-format'

const headings: Record<LabelOutcome, string> = { tp: 'True positives', fp: 'False positives', fn: 'False negatives' }

/** An image's labels as colour-coded chips, in three groups: TP (green), FP (red), FN (amber), with scores. */
export function OutcomeChips({ labels }: { labels: readonly ImageErrorLabel[] }) {
  return (
    <Box data-testid="outcome-chips" sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
      {(['tp', 'fp', 'fn'] as const).map((outcome) => {
        const group = labelsOf(labels, outcome)
        const style = outcomeStyle[outcome]
        return (
          <Box key={outcome} data-outcome-group={outcome}>
            <Typography variant="overline" color="text.secondary" sx={{ display: 'block', lineHeight: 2 }}>
              <Box component="span" sx={{ color: style.colour, fontWeight: 700 }}>
                {style.label}
              </Box>{' '}
              {headings[outcome]} · {group.length}
            </Typography>
            <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }}>
              {group.map((label) => (
                <Chip
                  key={label.code}
                  data-testid="outcome-chip"
                  data-outcome={outcome}
                  data-label-code={label.code}
                  label={labelChipText(label)}
                  title={labelChipTitle(label)}
                  color={style.chip}
                  variant={outcome === 'tp' ? 'filled' : 'outlined'}
                />
              ))}
              {group.length === 0 && (
                <Typography variant="caption" color="text.disabled">
                  none
                </Typography>
              )}
            </Box>
          </Box>
        )
      })}
    </Box>
  )
}
