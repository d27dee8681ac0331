import { useCallback, useEffect, useRef, useState } from 'react'
import type { EditHistoryPage } from '../../shared/api/index'
import { useApi } from '../app/api-context'
import { errorMessage } from '../app/error-message'
import { mergeHistory } from './edit-format'
import { useEditEvents } from './edits-context'

/** Edits per history page. */
const pageSize = 100

export interface HistoryPages {
  /** The edits loaded so far, newest first; null before the first page. */
  page: EditHistoryPage | null
  loading: boolean
  error: string | null
  /** Loads the next older page. */
  older: () => void
  reload: () => void
}

/**
 * The edit history of one image (or, with `imageId` null, of the whole catalog), newest first, a page
 * at a time (keyset paging on the edit id). The newest page is read again whenever an edit touches
 * the image (any edit, for the whole catalog); older pages already loaded are kept.
 */
export function useHistoryPages(imageId: string | null, enabled: boolean): HistoryPages {
  const client = useApi()
  const [state, setState] = useState<{ for: string | null; page: EditHistoryPage | null; loading: boolean; error: string | null }>({ for: imageId, page: null, loading: false, error: null })
  const current = state.for === imageId ? state : { for: imageId, page: null, loading: false, error: null }
  const asked = useRef(0)

  const load = useCallback(
    (before: number | null) => {
      const ask = ++asked.current
      setState((s) => ({ ...(s.for === imageId ? s : { for: imageId, page: null, error: null }), loading: true }))
      client.call('annotate.history', { imageId, before, limit: pageSize }).then(
        (fresh) => {
          if (ask !== asked.current) return
          setState((s) => {
            const loaded = s.for === imageId ? s.page : null
            const page = before === null ? mergeHistory(loaded, fresh) : { items: [...(loaded?.items ?? []), ...fresh.items], nextBefore: fresh.nextBefore }
            return { for: imageId, page, loading: false, error: null }
          })
        },
        (error: unknown) => {
          if (ask === asked.current) setState((s) => ({ ...s, for: imageId, loading: false, error: errorMessage(error) }))
        },
      )
    },
    [client, imageId],
  )

  useEffect(() => {
    if (enabled) load(null)
  }, [enabled, load])

  useEditEvents((change) => {
    if (!enabled) return
    if (imageId === null || change.imageIds === null || change.imageIds.includes(imageId)) load(null)
  })

  const nextBefore = current.page?.nextBefore ?? null
  const older = useCallback(() => {
    if (nextBefore !== null) load(nextBefore)
  }, [load, nextBefore])
  const reload = useCallback(() => load(null), [load])
  return { page: current.page, loading: current.loading, error: current.error, older, reload }
}
