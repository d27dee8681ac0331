import Box from '@mui/material/Box'
import { useRef, useState, type PointerEvent, type RefObject } from 'react'
import type { ImageBox } from '../../shared/api/index'
import { classColour } from '../browse/class-colour'
import { normalizedBox } from '../browse/view/box-flags'
import { BoxTag } from '../browse/view/box-tag'
import type { NormalizedRect } from '../browse/view/stage-view'
import { boxHandles, minSizeOn, moveRect, rectPlacement, resizeRect, sameRect, type BoxHandle } from './box-geometry'
import { boxIdOf } from './stage-editing'

interface BoxEditorProps {
  box: ImageBox
  /** The element the image is drawn in (pointer moves are measured against it). */
  image: RefObject<HTMLElement | null>
  onReshape: (boxId: number, rect: NormalizedRect) => Promise<boolean>
  /** A click without a drag on the selected box: selects the box under it, if another is there. */
  onSelectBox: (boxId: number) => void
}

interface Drag {
  pointerId: number
  grip: BoxHandle | 'move'
  x: number
  y: number
  from: NormalizedRect
}

const handleSize = 10

/** Where a grip sits on the box's outline, and the cursor it shows. */
function gripStyle(handle: BoxHandle) {
  const x = handle.includes('w') ? '0%' : handle.includes('e') ? '100%' : '50%'
  const y = handle.includes('n') ? '0%' : handle.includes('s') ? '100%' : '50%'
  return { left: x, top: y, cursor: `${handle}-resize` }
}

/**
 * The selected box, on top of the others, with its tag (the same as the others') and eight grips:
 * dragging its body moves it, a grip resizes it (never past the image or through itself). The box
 * follows the pointer at once and stays where it was dropped while the edit is on its way; a failed
 * edit puts it back.
 */
export function BoxEditor({ box, image, onReshape, onSelectBox }: BoxEditorProps) {
  const drag = useRef<Drag | null>(null)
  // Kept for the box object it was made on: the reloaded box (a new object) replaces it.
  const [preview, setPreview] = useState<{ rect: NormalizedRect; of: ImageBox } | null>(null)
  const rect = preview?.of === box ? preview.rect : normalizedBox(box)
  const colour = classColour(box.code)

  const release = (event: PointerEvent<HTMLElement>) => {
    drag.current = null
    if (event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId)
  }

  const onPointerDown = (event: PointerEvent<HTMLElement>) => {
    if (event.button !== 0) return
    // Not a pan of the stage below.
    event.stopPropagation()
    const grip = (event.target as Element).closest('[data-handle]')?.getAttribute('data-handle') as BoxHandle | null
    drag.current = { pointerId: event.pointerId, grip: grip ?? 'move', x: event.clientX, y: event.clientY, from: rect }
    event.currentTarget.setPointerCapture(event.pointerId)
  }
  /** Where the drag puts the box with the pointer at `event`. */
  const rectAt = (current: Drag, event: PointerEvent<HTMLElement>): NormalizedRect | null => {
    const element = image.current
    if (!element) return null
    const bounds = element.getBoundingClientRect()
    const dx = (event.clientX - current.x) / bounds.width
    const dy = (event.clientY - current.y) / bounds.height
    return current.grip === 'move' ? moveRect(current.from, dx, dy) : resizeRect(current.from, current.grip, dx, dy, minSizeOn(bounds))
  }
  const onPointerMove = (event: PointerEvent<HTMLElement>) => {
    const current = drag.current
    const next = current?.pointerId === event.pointerId ? rectAt(current, event) : null
    if (next) setPreview({ rect: next, of: box })
  }
  const onPointerUp = (event: PointerEvent<HTMLElement>) => {
    const current = drag.current
    if (current?.pointerId !== event.pointerId) return
    release(event)
    const moved = Math.hypot(event.clientX - current.x, event.clientY - current.y) >= 3
    const target = moved ? rectAt(current, event) : null
    if (!target || sameRect(current.from, target)) {
      setPreview(null)
      if (!moved) pickUnder(event.clientX, event.clientY)
      return
    }
    setPreview({ rect: target, of: box })
    void onReshape(box.boxId, target).then((ok) => {
      if (!ok) setPreview((p) => (p?.rect === target ? null : p))
    })
  }
  const pickUnder = (x: number, y: number) => {
    const other = document.elementsFromPoint(x, y).map(boxIdOf).find((id) => id !== null && id !== box.boxId)
    if (other !== undefined && other !== null) onSelectBox(other)
  }

  return (
    <Box
      data-testid="box-editor"
      data-editing-box={box.boxId}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={(event) => {
        release(event)
        setPreview(null)
      }}
      style={{ ...rectPlacement(rect), borderColor: colour }}
      sx={{
        position: 'absolute',
        boxSizing: 'border-box',
        border: '2px solid',
        outline: '1px dashed rgba(255, 255, 255, 0.9)',
        outlineOffset: 2,
        bgcolor: 'rgba(255, 255, 255, 0.1)',
        cursor: 'move',
        zIndex: 2,
        pointerEvents: 'auto',
        touchAction: 'none',
      }}
    >
      <BoxTag box={box} top={rect.yMin} clickThrough />
      {boxHandles.map((handle) => (
        <Box
          key={handle}
          data-handle={handle}
          style={gripStyle(handle)}
          sx={{
            position: 'absolute',
            width: handleSize,
            height: handleSize,
            ml: `${-handleSize / 2}px`,
            mt: `${-handleSize / 2}px`,
            bgcolor: '#fff',
            border: `1px solid ${colour}`,
            borderRadius: '2px',
          }}
        />
      ))}
    </Box>
  )
}
