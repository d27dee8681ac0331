import Box from '@mui/material/Box'
import type { NormalizedRect } from '../browse/view/stage-view'
import { rectPlacement } from './box-geometry'
import type { DrawBox } from './use-draw-box'

/** Covers the stage in draw mode: a drag here draws a box instead of panning. */
export function DrawSurface({ handlers }: { handlers: DrawBox['handlers'] }) {
  return <Box data-testid="draw-surface" {...handlers} sx={{ position: 'absolute', inset: 0, cursor: 'crosshair', touchAction: 'none' }} />
}

/** A box being drawn, or drawn and waiting for its class: dashed, over the image. */
export function DraftRect({ rect }: { rect: NormalizedRect }) {
  return (
    <Box
      data-testid="draft-box-outline"
      style={rectPlacement(rect)}
      sx={{ position: 'absolute', boxSizing: 'border-box', border: '2px dashed #fff', boxShadow: '0 0 0 1px rgba(0, 0, 0, 0.6)', bgcolor: 'rgba(90, 169, 255, 0.15)', pointerEvents: 'none', zIndex: 3 }}
    />
  )
}
