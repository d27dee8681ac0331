import { useRef, useState, type PointerEvent, type RefObject } from 'react'
import type { NormalizedRect } from '../browse/view/stage-view'
import { dragRect, minSizeOn, pointIn, type NormalizedPoint } from './box-geometry'

interface Drag {
  pointerId: number
  from: NormalizedPoint
  to: NormalizedPoint
}

export interface DrawBox {
  /** The box being dragged out, for the preview; null when no drag runs. */
  drawing: NormalizedRect | null
  /** Spread on the surface that covers the stage in draw mode. */
  handlers: {
    onPointerDown: (event: PointerEvent<HTMLElement>) => void
    onPointerMove: (event: PointerEvent<HTMLElement>) => void
    onPointerUp: (event: PointerEvent<HTMLElement>) => void
    onPointerCancel: (event: PointerEvent<HTMLElement>) => void
  }
}

/**
 * Drawing a box with the pointer: a drag anywhere over the stage spans a box on the image under it
 * (`image` is the element the image is drawn in), clamped to the image. A click without a drag, or a
 * drag wholly beside the image, draws nothing.
 */
export function useDrawBox(image: RefObject<HTMLElement | null>, onDraw: (rect: NormalizedRect) => void): DrawBox {
  const drag = useRef<Drag | null>(null)
  const [shown, setShown] = useState<Drag | null>(null)

  const at = (event: PointerEvent<HTMLElement>) => {
    const element = image.current
    return element ? pointIn(element.getBoundingClientRect(), event.clientX, event.clientY) : null
  }
  const end = (event: PointerEvent<HTMLElement>) => {
    drag.current = null
    setShown(null)
    if (event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId)
  }

  const handlers: DrawBox['handlers'] = {
    onPointerDown: (event) => {
      const from = at(event)
      if (event.button !== 0 || !from) return
      // The stage below would pan.
      event.stopPropagation()
      event.currentTarget.setPointerCapture(event.pointerId)
      drag.current = { pointerId: event.pointerId, from, to: from }
      setShown(drag.current)
    },
    onPointerMove: (event) => {
      const current = drag.current
      const to = at(event)
      if (current?.pointerId !== event.pointerId || !to) return
      drag.current = { ...current, to }
      setShown(drag.current)
    },
    onPointerUp: (event) => {
      const current = drag.current
      const element = image.current
      if (current?.pointerId !== event.pointerId || !element) return
      const bounds = element.getBoundingClientRect()
      const rect = dragRect(current.from, pointIn(bounds, event.clientX, event.clientY), minSizeOn(bounds))
      end(event)
      if (rect) onDraw(rect)
    },
    onPointerCancel: (event) => {
      if (drag.current?.pointerId === event.pointerId) end(event)
    },
  }

  const drawing = shown
    ? { xMin: Math.min(shown.from.x, shown.to.x), xMax: Math.max(shown.from.x, shown.to.x), yMin: Math.min(shown.from.y, shown.to.y), yMax: Math.max(shown.from.y, shown.to.y) }
    : null
  return { drawing, handlers }
}
