import Box from '@mui/material/Box'
import type { ImageBox } from '../../../shared/api/index'
import { classColour, classFill } from '../class-colour'
import { describeBox } from './box-flags'
import { FlagLetters } from './flag-letters'

/** Marks a box an edit made or changed. */
function EditedDot() {
  return <Box component="span" data-testid="edited-mark" title="Edited" sx={{ display: 'inline-block', flex: 'none', width: 6, height: 6, mr: 0.5, borderRadius: '50%', bgcolor: '#ffd54f' }} />
}

interface BoxTagProps {
  box: ImageBox
  /** The top of the box as drawn (0..1): near the image's top edge the tag goes inside the box. */
  top: number
  /** Pointer events go through the tag (the box editor's tag must not start a drag of its own). */
  clickThrough?: boolean
}

/**
 * A box's tag on the image, on its top-left corner: a dot when an edit made or changed it, the class
 * name and the same flag letters as its row in the side list (`FlagLetters`), the flags in words as
 * a tooltip. A long name is cut short, never the flags. Used for every box, the selected one too.
 */
export function BoxTag({ box, top, clickThrough = false }: BoxTagProps) {
  const colour = classColour(box.code)
  return (
    <Box
      component="span"
      data-testid="box-tag"
      title={describeBox(box)}
      style={{ top: top > 0.04 ? -18 : 0, background: classFill(box.code), borderLeftColor: colour }}
      sx={{
        position: 'absolute',
        left: -2,
        display: 'flex',
        alignItems: 'center',
        maxWidth: 'max(calc(100% + 4px), 9em)',
        px: 0.5,
        fontSize: 11,
        lineHeight: '16px',
        whiteSpace: 'nowrap',
        color: '#fff',
        borderLeft: '2px solid',
        pointerEvents: clickThrough ? 'none' : undefined,
      }}
    >
      {box.edited && <EditedDot />}
      <Box component="span" sx={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}>
        {box.name}
      </Box>
      <FlagLetters box={box} />
    </Box>
  )
}
