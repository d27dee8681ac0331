import { useEffect, useRef, type RefObject } from 'react'

/** How far below the visible area the next page starts loading. */
const prefetchMargin = '0px 0px 800px 0px'

/**
 * Calls `onNear` when `sentinel` (an element after the last tile) comes within reach of the
 * bottom of the scrolling `root`. The observer is made anew whenever `enabled` turns on or
 * `itemCount` changes: a new observer reports the current state at once, so a page too short to
 * fill the screen still leads to the next one.
 */
export function useLoadMore(
  root: RefObject<HTMLElement | null>,
  sentinel: RefObject<HTMLElement | null>,
  enabled: boolean,
  itemCount: number,
  onNear: () => void,
): void {
  const onNearRef = useRef(onNear)
  useEffect(() => {
    onNearRef.current = onNear
  })

  useEffect(() => {
    const rootElement = root.current
    const target = sentinel.current
    if (!enabled || !rootElement || !target) return
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) onNearRef.current()
      },
      { root: rootElement, rootMargin: prefetchMargin },
    )
    observer.observe(target)
    return () => observer.disconnect()
  }, [root, sentinel, enabled, itemCount])
}
