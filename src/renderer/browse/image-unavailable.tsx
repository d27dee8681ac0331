import Box from '@mui/material/Box'
import type { SxProps, Theme } from '@mui/material/styles'

/** Stands in for an image whose file failed to load, instead of the browser's broken icon. */
export function ImageUnavailable({ sx }: { sx?: SxProps<Theme> }) {
  return (
    <Box
      data-testid="image-unavailable"
      role="img"
      aria-label="Image unavailable"
      sx={[
        {
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
          textAlign: 'center',
          bgcolor: 'action.hover',
          color: 'text.secondary',
          border: 1,
          borderColor: 'divider',
          borderStyle: 'dashed',
          fontSize: 12,
          p: 1,
        },
        ...(Array.isArray(sx) ? sx : [sx]),
      ]}
    >
      Image unavailable
    </Box>
  )
}
