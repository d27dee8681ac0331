import { useCallback, useEffect, useRef, useState } from 'react'

export type Page = 'browse' | 'explore' | 'train' | 'errors'

/** The page the URL names: `?page=explore`, `?page=train`, `?page=errors`, or Browse without it. */
function readPage(): Page {
  const page = new URL(window.location.href).searchParams.get('page')
  return page === 'explore' || page === 'train' || page === 'errors' ? page : 'browse'
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

  return { page, show, browseClass }
}
