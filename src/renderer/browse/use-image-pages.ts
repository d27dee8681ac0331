import { useCallback, useEffect, useRef, useState } from 'react'
import type { ImageRecord } from '../../shared/api/index'
import { useApi } from '../app/api-context'
import { useErrorReporter } from '../app/error-reporter'

/** Images per `images.list` call: a few screens of 160 px tiles. */
export const imagePageSize = 120

export interface ImagePages {
  /** Every image loaded so far, in catalog order. */
  items: ImageRecord[]
  /** False once the last page has arrived. */
  hasMore: boolean
  loading: boolean
  /** The last page failed; nothing more loads by itself until Retry (or `loadMore`). */
  failed: boolean
  /** Asks for the next page; does nothing while one is on its way or when there is none. */
  loadMore: () => void
}

/** One listing: its filter, where the next page starts, and whether a call is out. */
interface Listing {
  classCode: string | null
  cursor: string | null
  done: boolean
  inFlight: boolean
}

const freshListing = (classCode: string | null): Listing => ({ classCode, cursor: null, done: false, inFlight: false })

interface PagesState {
  items: ImageRecord[]
  hasMore: boolean
  loading: boolean
  failed: boolean
}

const emptyState: PagesState = { items: [], hasMore: true, loading: false, failed: false }

/**
 * The images of the catalog (or of one class), page by page with the keyset cursor of
 * `images.list`. Starts over when `classCode` or `reloadKey` changes; answers to an older listing
 * are dropped, so a fast change of filter never mixes two lists.
 */
export function useImagePages(classCode: string | null, reloadKey: number): ImagePages {
  const client = useApi()
  const { report, clear } = useErrorReporter()
  const [state, setState] = useState<PagesState>(emptyState)
  const listingRef = useRef<Listing>(freshListing(classCode))

  const loadMore = useCallback(() => {
    const listing = listingRef.current
    if (listing.inFlight || listing.done) return
    listing.inFlight = true
    setState((s) => ({ ...s, loading: true, failed: false }))
    const args = { cursor: listing.cursor, limit: imagePageSize, classCode: listing.classCode }
    client.call('images.list', args).then(
      (page) => {
        if (listingRef.current !== listing) return
        listing.inFlight = false
        listing.cursor = page.nextCursor
        listing.done = page.nextCursor === null
        setState((s) => ({ items: [...s.items, ...page.items], hasMore: !listing.done, loading: false, failed: false }))
        clear('images.list')
      },
      (error: unknown) => {
        if (listingRef.current !== listing) return
        listing.inFlight = false
        setState((s) => ({ ...s, loading: false, failed: true }))
        report('images.list', error, loadMore)
      },
    )
  }, [client, report, clear])

  useEffect(() => {
    listingRef.current = freshListing(classCode)
    setState(emptyState)
    clear('images.list')
    loadMore()
  }, [classCode, reloadKey, loadMore, clear])

  return { ...state, loadMore }
}
