import Box from '@mui/material/Box'
import ButtonBase from '@mui/material/ButtonBase'
import Typography from '@mui/material/Typography'
import type { ImageBox } from '../../../shared/api/index'
import { classColour } from '../class-colour'
import { describeBox, normalizedBox } from './box-flags'
import { FlagLetters } from './flag-letters'

interface BoxListProps {
  boxes: readonly ImageBox[]
  /** The boxes are hidden on the image: the list stays, dimmed. */
  hidden: boolean
  highlighted: number | null
  onHighlight: (index: number, on: boolean) => void
  /** Zooms the stage to a box. */
  onFrame: (index: number) => void
  /** With editing: the selected box, and selecting one (a click on its row selects it too). */
  selectedBoxId?: number | null
  onSelect?: (boxId: number) => void
}

/** Width × height of a box as a share of the image's, e.g. "42 × 30 %". */
function extent(box: ImageBox): string {
  const { xMin, xMax, yMin, yMax } = normalizedBox(box)
  return `${Math.round((xMax - xMin) * 100)} × ${Math.round((yMax - yMin) * 100)} %`
}

/**
 * The image's boxes as rows in the side panel: class, flags and extent. Pointing at a row lights
 * its box on the image (and pointing at a box lights its row); a click zooms to the box (and, with
 * editing, selects it). Boxes an edit made or changed carry a dot.
 */
export function BoxList({ boxes, hidden, highlighted, onHighlight, onFrame, selectedBoxId = null, onSelect }: BoxListProps) {
  if (boxes.length === 0) return null
  return (
    <Box data-testid="box-list" sx={{ opacity: hidden ? 0.6 : 1 }}>
      <Typography variant="overline" color="text.secondary" sx={{ display: 'block', lineHeight: 2 }}>
        Boxes · {boxes.length}
        {hidden ? ' (hidden)' : ''}
      </Typography>
      <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0 }}>
        {boxes.map((box, index) => (
          <li key={index}>
            <ButtonBase
              data-box-row={index}
              data-row-box-id={box.boxId}
              data-highlighted={highlighted === index ? 'true' : undefined}
              aria-selected={onSelect ? selectedBoxId === box.boxId : undefined}
              title={`${describeBox(box)}. Click to ${onSelect ? 'select it and ' : ''}zoom to it.`}
              onPointerEnter={() => onHighlight(index, true)}
              onPointerLeave={() => onHighlight(index, false)}
              onFocus={() => onHighlight(index, true)}
              onBlur={() => onHighlight(index, false)}
              onClick={() => {
                onSelect?.(box.boxId)
                onFrame(index)
              }}
              sx={{
                width: '100%',
                justifyContent: 'flex-start',
                gap: 1,
                px: 0.75,
                py: 0.25,
                borderRadius: 1,
                fontSize: 13,
                lineHeight: '22px',
                textAlign: 'left',
                bgcolor: highlighted === index || selectedBoxId === box.boxId ? 'action.selected' : undefined,
                outline: selectedBoxId === box.boxId ? 1 : undefined,
                outlineColor: 'primary.main',
                '&:hover': { bgcolor: 'action.hover' },
              }}
            >
              <Box component="span" sx={{ width: 10, height: 10, flex: 'none', borderRadius: '2px', border: `2px solid ${classColour(box.code)}` }} />
              <Box component="span" sx={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                {box.edited && (
                  <Box component="span" data-testid="edited-mark" title="Edited" sx={{ display: 'inline-block', width: 6, height: 6, mr: 0.75, borderRadius: '50%', bgcolor: 'warning.main', verticalAlign: 'middle' }} />
                )}
                {box.name}
                <FlagLetters box={box} />
              </Box>
              <Box component="span" sx={{ color: 'text.secondary', fontSize: 12, fontVariantNumeric: 'tabular-nums', flex: 'none' }}>
                {extent(box)}
              </Box>
            </ButtonBase>
          </li>
        ))}
      </Box>
    </Box>
  )
}
