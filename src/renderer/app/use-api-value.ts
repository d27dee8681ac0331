import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react'
import type { ApiClient } from '../../shared/api/client'
import { errorMessage } from './error-message'
import { useApi } from './api-context'
import { useErrorReporter } from './error-reporter'

export interface ApiValue<T> {
  /** The last value loaded; kept while a reload runs, so the screen does not flicker. */
  value: T | null
  loading: boolean
  /** The message of the last failure, null after a success. */
  error: string | null
  /** Loads again (Retry, or after the catalog changed). */
  reload: () => void
}

export interface ApiValueOptions {
  /** Report failures to the window's error banner (default true); false to show them in place. */
  banner?: boolean
  /** False to hold off loading (e.g. until a popup opens). */
  enabled?: boolean
}

/**
 * One value read through the ApiClient: loads when `deps` change, ignores answers that arrive
 * after newer ones were asked for, and reports failures under `key` with a retry.
 */
export function useApiValue<T>(
  key: string,
  load: (client: ApiClient) => Promise<T>,
  deps: DependencyList,
  { banner = true, enabled = true }: ApiValueOptions = {},
): ApiValue<T> {
  const client = useApi()
  const { report, clear } = useErrorReporter()
  const [state, setState] = useState<Omit<ApiValue<T>, 'reload'>>({ value: null, loading: enabled, error: null })
  const [attempt, setAttempt] = useState(0)
  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  const loadRef = useRef(load)
  useEffect(() => {
    loadRef.current = load
  })

  useEffect(() => {
    if (!enabled) return
    let live = true
    setState((s) => ({ ...s, loading: true, error: null }))
    loadRef.current(client).then(
      (value) => {
        if (!live) return
        setState({ value, loading: false, error: null })
        if (banner) clear(key)
      },
      (error: unknown) => {
        if (!live) return
        setState((s) => ({ ...s, loading: false, error: errorMessage(error) }))
        if (banner) report(key, error, reload)
      },
    )
    return () => {
      live = false
    }
    // `deps` stands for whatever `load` reads; `load` itself is a fresh closure every render.
  }, [client, key, banner, enabled, attempt, report, clear, reload, ...deps])

  return { ...state, reload }
}
