import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import ButtonGroup from '@mui/material/ButtonGroup'
import { stageControlAttribute } from './use-stage-view'

interface ZoomControlsProps {
  /** CSS pixels per image pixel: 1 is 100 %. */
  scale: number
  fitted: boolean
  onZoomIn: () => void
  onZoomOut: () => void
  onFit: () => void
}

/** The stage's zoom buttons and level, bottom right over the image. */
export function ZoomControls({ scale, fitted, onZoomIn, onZoomOut, onFit }: ZoomControlsProps) {
  const control = { [stageControlAttribute]: '' }
  return (
    <Box
      {...control}
      sx={{ position: 'absolute', right: 8, bottom: 8, zIndex: 2, bgcolor: 'rgba(20, 20, 20, 0.8)', borderRadius: 1, cursor: 'default' }}
    >
      <ButtonGroup size="small" variant="text" aria-label="Zoom">
        <Button onClick={onZoomOut} disabled={fitted} title="Zoom out (-)" aria-label="Zoom out">
          −
        </Button>
        <Button onClick={onFit} title="Fit the image to the view (0 or double-click). Wheel zooms about the cursor, drag pans." data-testid="zoom-level" sx={{ minWidth: 72, fontVariantNumeric: 'tabular-nums' }}>
          {fitted ? `Fit ${Math.round(scale * 100)}%` : `${Math.round(scale * 100)}%`}
        </Button>
        <Button onClick={onZoomIn} title="Zoom in (+)" aria-label="Zoom in">
          +
        </Button>
      </ButtonGroup>
    </Box>
  )
}
