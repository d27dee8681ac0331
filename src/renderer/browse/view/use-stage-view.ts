import { useCallback, useEffect, useLayoutEffect, useRef, useState, type PointerEvent, type RefObject } from 'react'
import { clampView, fitView, frameRect, isFitted, panBy, wheelFactor, zoomAbout, type NormalizedRect, type Size, type StageView } from './stage-view'

/** Controls inside the stage (zoom buttons) mark themselves so a press on them is not a drag. */
export const stageControlAttribute = 'data-stage-control'

export interface StageViewState {
  /** Where the image is drawn; null until both the image's and the stage's sizes are known. */
  view: StageView | null
  fitted: boolean
  dragging: boolean
  zoomBy: (factor: number) => void
  fit: () => void
  frame: (rect: NormalizedRect) => void
  /** Spread on the stage element: drag to pan, double-click to fit. */
  handlers: {
    onPointerDown: (event: PointerEvent<HTMLElement>) => void
    onPointerMove: (event: PointerEvent<HTMLElement>) => void
    onPointerUp: (event: PointerEvent<HTMLElement>) => void
    onPointerCancel: (event: PointerEvent<HTMLElement>) => void
    onDoubleClick: (event: { target: EventTarget }) => void
  }
}

interface Drag {
  pointerId: number
  x: number
  y: number
  from: StageView
}

const onControl = (target: EventTarget | null) => target instanceof Element && target.closest(`[${stageControlAttribute}]`) !== null

/**
 * Zoom and pan of the image view's stage: fit until the user zooms (and again after a reset, so a
 * resize refits), the wheel zooms about the cursor, a drag pans, a double-click fits. The math is in
 * `stage-view.ts`; this hook only wires it to events.
 */
export function useStageView(stageRef: RefObject<HTMLElement | null>, image: Size | null, stage: Size | null): StageViewState {
  // null: fitted, follow the stage's size.
  const [zoomed, setZoomed] = useState<StageView | null>(null)
  const [dragging, setDragging] = useState(false)
  const view = image && stage ? (zoomed ? clampView(zoomed, image, stage) : fitView(image, stage)) : null

  const latest = useRef({ view, image, stage })
  useLayoutEffect(() => {
    latest.current = { view, image, stage }
  })
  const drag = useRef<Drag | null>(null)

  const apply = useCallback((next: (view: StageView, image: Size, stage: Size) => StageView) => {
    const { view, image, stage } = latest.current
    if (!view || !image || !stage) return
    const result = next(view, image, stage)
    setZoomed(isFitted(result, image, stage) ? null : result)
  }, [])

  const zoomBy = useCallback(
    (factor: number) => apply((view, image, stage) => zoomAbout(view, factor, { x: stage.width / 2, y: stage.height / 2 }, image, stage)),
    [apply],
  )
  const fit = useCallback(() => setZoomed(null), [])
  const frame = useCallback((rect: NormalizedRect) => apply((_, image, stage) => frameRect(rect, image, stage)), [apply])

  useEffect(() => {
    const element = stageRef.current
    if (!element) return
    // Not a React handler: React's wheel listeners are passive, and the page must not scroll.
    const onWheel = (event: WheelEvent) => {
      event.preventDefault()
      const bounds = element.getBoundingClientRect()
      const at = { x: event.clientX - bounds.left - element.clientLeft, y: event.clientY - bounds.top - element.clientTop }
      apply((view, image, stage) => zoomAbout(view, wheelFactor(event.deltaY, event.deltaMode), at, image, stage))
    }
    element.addEventListener('wheel', onWheel, { passive: false })
    return () => element.removeEventListener('wheel', onWheel)
  }, [stageRef, apply])

  const endDrag = (event: PointerEvent<HTMLElement>) => {
    if (drag.current?.pointerId !== event.pointerId) return
    drag.current = null
    setDragging(false)
    if (event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId)
  }

  const handlers: StageViewState['handlers'] = {
    onPointerDown: (event) => {
      const from = latest.current.view
      if (event.button !== 0 || !from || onControl(event.target)) return
      drag.current = { pointerId: event.pointerId, x: event.clientX, y: event.clientY, from }
      event.currentTarget.setPointerCapture(event.pointerId)
      setDragging(true)
    },
    onPointerMove: (event) => {
      const current = drag.current
      if (current?.pointerId !== event.pointerId) return
      apply((_, image, stage) => panBy(current.from, event.clientX - current.x, event.clientY - current.y, image, stage))
    },
    onPointerUp: endDrag,
    onPointerCancel: endDrag,
    onDoubleClick: (event) => {
      if (!onControl(event.target)) fit()
    },
  }

  const fitted = zoomed === null || (view !== null && image !== null && stage !== null && isFitted(view, image, stage))
  return { view, fitted, dragging, zoomBy, fit, frame, handlers }
}
