import { useEffect, useRef } from 'react'
import { filterKey, readViewState, writeViewState, type ViewState } from './view-state'

/** Scrolling rewrites the URL this long after it stops (browsers throttle frequent history calls). */
const replaceDelayMs = 300

/** The view the page's URL describes (at start-up, and after Back or Forward). */
export function readUrlView(): ViewState {
  return readViewState(new URL(window.location.href).searchParams)
}

function urlOf(view: ViewState): string {
  const url = new URL(window.location.href)
  url.search = writeViewState(url.searchParams, view).toString()
  return url.href
}

function write(mode: 'push' | 'replace', href: string): void {
  try {
    if (mode === 'push') window.history.pushState(window.history.state, '', href)
    else window.history.replaceState(window.history.state, '', href)
  } catch {
    // A page that may not rewrite its URL (some file:// setups) keeps working without it.
  }
}

/**
 * Keeps the page's URL the view's, so it can be bookmarked, reloaded and shared: a new filter is a
 * new history entry (Back returns to the last one, at its scroll position); scrolling (after it
 * settles) and opening or closing an image (at once) rewrite the current entry. Other parameters (the `token`) stay as they are. `onPop`
 * gets the view of an entry the user went Back or Forward to.
 */
export function useUrlState(view: ViewState, onPop: (view: ViewState) => void): void {
  const entryFilter = useRef<string | null>(null)
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; href: string } | null>(null)
  const onPopRef = useRef(onPop)
  useEffect(() => {
    onPopRef.current = onPop
  })

  const href = urlOf(view)
  const key = filterKey(view.filter)
  const image = view.image
  const writtenImage = useRef(image)
  useEffect(() => {
    const flush = () => {
      if (!pending.current) return
      clearTimeout(pending.current.timer)
      write('replace', pending.current.href)
      pending.current = null
    }
    if (entryFilter.current !== null && entryFilter.current !== key) {
      flush()
      entryFilter.current = key
      write('push', href)
      return
    }
    entryFilter.current = key
    if (href === window.location.href) return
    if (pending.current) clearTimeout(pending.current.timer)
    // Opening or closing an image is written at once: a page switched to right after must not carry it.
    if (writtenImage.current !== image) {
      writtenImage.current = image
      pending.current = null
      write('replace', href)
      return
    }
    pending.current = { href, timer: setTimeout(flush, replaceDelayMs) }
  }, [href, key, image])

  useEffect(() => {
    const popped = () => {
      if (pending.current) clearTimeout(pending.current.timer)
      pending.current = null
      const next = readUrlView()
      entryFilter.current = filterKey(next.filter)
      onPopRef.current(next)
    }
    window.addEventListener('popstate', popped)
    return () => {
      window.removeEventListener('popstate', popped)
      if (pending.current) {
        clearTimeout(pending.current.timer)
        write('replace', pending.current.href)
        pending.current = null
      }
    }
  }, [])
}
