import Box from '@mui/material/Box'
import type { ImageBox } from '../../../shared/api/index'
import { flagText, shownFlags } from './box-flags'

/**
 * A box's set flags as letters (O occluded, T truncated, G group of, D depiction, I inside); an
 * unknown flag (-1) is dimmed with a question mark. Nothing when no flag is set or unknown.
 */
export function FlagLetters({ box }: { box: ImageBox }) {
  const flags = shownFlags(box)
  if (flags.length === 0) return null
  return (
    <Box component="span" data-testid="box-flags" sx={{ display: 'inline-flex', gap: '3px', ml: 0.75, fontWeight: 700, letterSpacing: 0 }}>
      {flags.map((flag) => (
        <Box
          component="span"
          key={flag.letter}
          data-flag={flag.name}
          data-flag-state={flag.state}
          title={flag.state === 'unknown' ? `${flag.name}: unknown` : flag.name}
          sx={flag.state === 'unknown' ? { opacity: 0.55, fontWeight: 400 } : undefined}
        >
          {flagText(flag)}
        </Box>
      ))}
    </Box>
  )
}
