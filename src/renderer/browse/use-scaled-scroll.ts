import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react'
import { followScroll, positionAt, scrollHeightFor, type ScrollGeometry, type ScrollPosition } from './scaled-scroll'

export interface ScaledScroll {
  position: ScrollPosition
  /** The height to give the spacer inside the container. */
  scrollHeight: number
  onScroll: () => void
  /** Puts the viewport's top at `virtualTop` of the listing (clamped). */
  scrollTo: (virtualTop: number) => void
  /** The position as of now, for effects that must not re-run on every scroll. */
  current: () => ScrollPosition
}

/**
 * The container `ref` scrolled over `contentHeight` px of listing with the scaling of
 * scaled-scroll.ts: follows its scroll events and scrolls it from code.
 */
export function useScaledScroll(ref: RefObject<HTMLElement | null>, contentHeight: number, viewportHeight: number): ScaledScroll {
  const [position, setPosition] = useState<ScrollPosition>({ scrollTop: 0, virtualTop: 0 })
  const geometry: ScrollGeometry = { contentHeight, viewportHeight }
  const latest = useRef({ geometry, position })
  // First of this hook's effects, so the others (and the caller's) see this render's geometry.
  useLayoutEffect(() => {
    latest.current.geometry = geometry
  })

  const update = useCallback((next: ScrollPosition) => {
    latest.current.position = next
    setPosition(next)
  }, [])

  const onScroll = useCallback(() => {
    const element = ref.current
    if (!element) return
    const { geometry: g, position: previous } = latest.current
    const next = followScroll(previous, element.scrollTop, g)
    // Out of room at an end of the track: move the thumb back to where the listing is.
    if (Math.abs(next.scrollTop - element.scrollTop) >= 1) element.scrollTop = next.scrollTop
    update({ scrollTop: element.scrollTop, virtualTop: next.virtualTop })
  }, [ref, update])

  const scrollTo = useCallback(
    (virtualTop: number) => {
      const element = ref.current
      if (!element) return
      const target = positionAt(virtualTop, latest.current.geometry)
      element.scrollTop = target.scrollTop
      // The browser rounds scrollTop; keep what it took, so the scroll event that follows is no move.
      update({ scrollTop: element.scrollTop, virtualTop: target.virtualTop })
    },
    [ref, update],
  )

  // A shorter listing (or a taller viewport) leaves less to scroll: keep the position in range.
  useLayoutEffect(() => {
    const { position: p, geometry: g } = latest.current
    const clamped = positionAt(p.virtualTop, g)
    if (clamped.virtualTop !== p.virtualTop) scrollTo(clamped.virtualTop)
  }, [contentHeight, viewportHeight, scrollTo])

  const current = useCallback(() => latest.current.position, [])

  return { position, scrollHeight: scrollHeightFor(contentHeight), onScroll, scrollTo, current }
}
