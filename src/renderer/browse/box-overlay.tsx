import Box from '@mui/material/Box'
import type { ImageBox } from '../../shared/api/index'
import { boxIdAttribute } from '../annotate/stage-editing'
import { classColour } from './class-colour'
import { drawingOrder, normalizedBox } from './view/box-flags'
import { BoxTag } from './view/box-tag'

const percent = (value: number) => `${(value * 100).toFixed(4)}%`

interface BoxOverlayProps {
  boxes: readonly ImageBox[]
  /** The box pointed at here or in the side panel's list; the others dim. */
  highlighted: number | null
  onHighlight: (index: number, on: boolean) => void
  /** A box drawn elsewhere (the selected one, by the box editor): left out here. */
  omitBoxId?: number | null
}

/**
 * The image's boxes over it, placed by their normalized coordinates, so they follow the image at
 * any size and zoom. The parent must be `position: relative` and exactly the size of the drawn
 * image. Each box carries its class code and its index in `boxes`, and its tag (`BoxTag`: class
 * name, flag letters, a dot when edited). Larger boxes are drawn first, so a small box inside a
 * large one can still be pointed at.
 */
export function BoxOverlay({ boxes, highlighted, onHighlight, omitBoxId = null }: BoxOverlayProps) {
  return (
    <Box data-testid="box-overlay" sx={{ position: 'absolute', inset: 0, pointerEvents: 'none' }}>
      {drawingOrder(boxes).map((index) => {
        const box = boxes[index]!
        if (box.boxId === omitBoxId) return null
        const { xMin, xMax, yMin, yMax } = normalizedBox(box)
        const colour = classColour(box.code)
        const lit = highlighted === index
        const dim = highlighted !== null && !lit
        return (
          <Box
            key={index}
            data-box-class={box.code}
            data-box-index={index}
            {...{ [boxIdAttribute]: box.boxId }}
            data-edited={box.edited ? 'true' : undefined}
            data-highlighted={lit ? 'true' : undefined}
            onPointerEnter={() => onHighlight(index, true)}
            onPointerLeave={() => onHighlight(index, false)}
            style={{
              left: percent(xMin),
              top: percent(yMin),
              width: percent(xMax - xMin),
              height: percent(yMax - yMin),
              borderColor: colour,
              borderStyle: box.isGroupOf === 1 ? 'dashed' : 'solid',
              borderWidth: lit ? 3 : 2,
              opacity: dim ? 0.35 : 1,
              zIndex: lit ? 1 : undefined,
            }}
            sx={{
              position: 'absolute',
              boxSizing: 'border-box',
              boxShadow: '0 0 0 1px rgba(0, 0, 0, 0.55)',
              bgcolor: lit ? 'rgba(255, 255, 255, 0.08)' : undefined,
              pointerEvents: 'auto',
              transition: 'opacity 120ms',
            }}
          >
            <BoxTag box={box} top={yMin} />
          </Box>
        )
      })}
    </Box>
  )
}
