import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import type { ReactNode } from 'react'

/** A figure as the app shows counts everywhere: the value in bold, then what it counts. */
export function Figure({ value, label, kind }: { value: ReactNode; label: string; kind?: string }) {
  return (
    <Typography variant="body2" component="span" data-count-kind={kind ?? label} noWrap>
      <Box component="span" sx={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Box>{' '}
      <Box component="span" sx={{ color: 'text.secondary' }}>
        {label}
      </Box>
    </Typography>
  )
}
