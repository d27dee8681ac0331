import Box from '@mui/material/Box'
import type { ImageBox } from '../../shared/api/index'
import { classColour, classFill } from './class-colour'

const clamp01 = (value: number) => Math.min(1, Math.max(0, value))
const percent = (value: number) => `${(value * 100).toFixed(3)}%`

const flagNames: [keyof ImageBox, string][] = [
  ['isOccluded', 'occluded'],
  ['isTruncated', 'truncated'],
  ['isGroupOf', 'group of'],
  ['isDepiction', 'depiction'],
  ['isInside', 'inside'],
]

/** The box's name and its set flags, for the tag's tooltip. */
function describe(box: ImageBox): string {
  const flags = flagNames.filter(([key]) => box[key] === 1).map(([, name]) => name)
  return flags.length > 0 ? `${box.name} (${flags.join(', ')})` : box.name
}

/**
 * The image's boxes over it, placed by their normalized coordinates, so they follow the image at
 * any size. The parent must be `position: relative` and exactly the size of the image.
 */
export function BoxOverlay({ boxes }: { boxes: readonly ImageBox[] }) {
  return (
    <Box data-testid="box-overlay" sx={{ position: 'absolute', inset: 0, pointerEvents: 'none' }}>
      {boxes.map((box, index) => {
        const xMin = clamp01(Math.min(box.xMin, box.xMax))
        const xMax = clamp01(Math.max(box.xMin, box.xMax))
        const yMin = clamp01(Math.min(box.yMin, box.yMax))
        const yMax = clamp01(Math.max(box.yMin, box.yMax))
        const colour = classColour(box.code)
        return (
          <Box
            key={index}
            data-box-class={box.code}
            sx={{
              position: 'absolute',
              left: percent(xMin),
              top: percent(yMin),
              width: percent(xMax - xMin),
              height: percent(yMax - yMin),
              border: `2px solid ${colour}`,
              borderStyle: box.isGroupOf === 1 ? 'dashed' : 'solid',
              boxShadow: '0 0 0 1px rgba(0, 0, 0, 0.5)',
            }}
          >
            <Box
              component="span"
              title={describe(box)}
              sx={{
                position: 'absolute',
                left: -2,
                top: yMin > 0.04 ? -18 : 0,
                maxWidth: 'calc(100% + 4px)',
                px: 0.5,
                fontSize: 11,
                lineHeight: '16px',
                whiteSpace: 'nowrap',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                color: '#fff',
                bgcolor: classFill(box.code),
                borderLeft: `2px solid ${colour}`,
                pointerEvents: 'auto',
              }}
            >
              {box.name}
            </Box>
          </Box>
        )
      })}
    </Box>
  )
}
