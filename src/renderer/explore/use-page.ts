import { useCallback, useEffect, useRef, useState } from 'react'

export const pages = ['browse', 'explore', 'train', 'errors', 'edits'] as const
export type Page = (typeof pages)[number]

/** The page the URL names: `?page=explore`, `?page=train`, `?page=errors`, `?page=edits`, or Browse without it. */
function readPage(): Page {
  const page = new URL(window.location.href).searchParams.get('page')
  return pages.find((name) => name !== 'browse' && name === page) ?? 'browse'
}

function push(url: URL): void {
  try {
    window.history.pushState(window.history.state, '', url.href)
  } catch {
    // A page that may not rewrite its URL (some file:// setups) still switches.
  }
}

export interface PageControl {
  page: Page
  /** Switches page, a new history entry; every other parameter (the token, the browse view) stays. */
  show(page: Page): void
  /** Opens Browse on the images of one class (a fresh listing: no scroll position, no open image). */
  browseClass(code: string): void
  /** Opens one image in Browse's image view, over the unfiltered grid. */
  openImage(imageId: string): void
}

/** Which page the window shows, kept in the URL so reloads and Back and Forward keep it. */
export function usePage(): PageControl {
  const [page, setPage] = useState<Page>(readPage)
  // Leaving Browse writes its URL on unmount (a pending scroll position): the next page's entry is pushed after that.
  const pushPage = useRef<Page | null>(null)
  useEffect(() => {
    const next = pushPage.current
    if (!next) return
    pushPage.current = null
    const url = new URL(window.location.href)
    url.searchParams.set('page', next)
    push(url)
  }, [page])

  useEffect(() => {
    const popped = () => setPage(readPage())
    window.addEventListener('popstate', popped)
    return () => window.removeEventListener('popstate', popped)
  }, [])

  const show = useCallback((next: Page) => {
    if (next === readPage()) return setPage(next)
    if (next !== 'browse') {
      pushPage.current = next
    } else {
      const url = new URL(window.location.href)
      url.searchParams.delete('page')
      push(url)
    }
    setPage(next)
  }, [])

  const browseClass = useCallback((code: string) => {
    const url = new URL(window.location.href)
    url.searchParams.delete('page')
    url.searchParams.set('class', code)
    for (const key of ['at', 'image']) url.searchParams.delete(key)
    push(url)
    setPage('browse')
  }, [])

  const openImage = useCallback((imageId: string) => {
    const url = new URL(window.location.href)
    for (const key of [...url.searchParams.keys()]) if (key !== 'token') url.searchParams.delete(key)
    url.searchParams.set('image', imageId)
    push(url)
    setPage('browse')
  }, [])

  return { page, show, browseClass, openImage }
}
