import { useEffect, useRef, useState } from 'react'
import { useEditEvents } from './edits-context'

/** Edits that come in a burst (a batch, an undo of one) reload once, this long after the last. */
const settleMs = 400

/**
 * A number that goes up after labels or boxes changed (this window's edits or others'), for a view
 * to reload with: the grid's counts. While `paused` (the image view covers the grid) changes are
 * only noted, and the number goes up once it resumes.
 */
export function useReloadOnEdits(paused: boolean): number {
  const [version, setVersion] = useState(0)
  const stale = useRef(false)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const pausedRef = useRef(paused)

  const schedule = () => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      timer.current = null
      stale.current = false
      setVersion((n) => n + 1)
    }, settleMs)
  }

  useEditEvents(() => {
    stale.current = true
    if (!pausedRef.current) schedule()
  })

  useEffect(() => {
    pausedRef.current = paused
    if (!paused && stale.current) schedule()
    if (paused && timer.current) {
      clearTimeout(timer.current)
      timer.current = null
    }
  }, [paused])

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
    },
    [],
  )
  return version
}
