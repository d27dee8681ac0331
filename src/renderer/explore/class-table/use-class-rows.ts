import { useCallback, useEffect, useRef, useState } from 'react'
import type { ClassStatsRow } from '../../../shared/api/stats'
import { useApi } from '../../app/api-context'
import { useErrorReporter } from '../../app/error-reporter'
import type { ClassSort } from './class-columns'


export interface ClassQuery {
  query: string
  sort: ClassSort
  descending: boolean
  minMachineConfidence: number
}

/** Rows fetched per call; the table asks for the pages its visible rows fall in. */
export const classPageSize = 200

export interface ClassRows {
  /** Classes matching the query; null until the first page arrives. */
  total: number | null
  row(index: number): ClassStatsRow | undefined
  /** Fetches the pages that hold rows `first`..`last` (inclusive) that are not loaded yet. */
  want(first: number, last: number): void
}

/** The class table's rows, fetched a page at a time as the table scrolls; starts over when the query changes. */
export function useClassRows(query: ClassQuery, version: number): ClassRows {
  const client = useApi()
  const { report, clear } = useErrorReporter()
  const [pages, setPages] = useState<{ key: string; total: number | null; rows: Map<number, ClassStatsRow[]> }>({ key: '', total: null, rows: new Map() })
  const asked = useRef(new Set<string>())
  const key = JSON.stringify([query, version])
  const keyRef = useRef(key)

  const fetchPage = useCallback(
    (page: number) => {
      const forKey = key
      if (asked.current.has(`${forKey}#${page}`)) return
      asked.current.add(`${forKey}#${page}`)
      client.call('stats.classTable', { ...query, offset: page * classPageSize, limit: classPageSize }).then(
        (result) => {
          if (keyRef.current !== forKey) return
          clear('stats.classTable')
          setPages((p) => {
            const base = p.key === forKey ? p.rows : new Map<number, ClassStatsRow[]>()
            return { key: forKey, total: result.total, rows: new Map(base).set(page, result.items) }
          })
        },
        (error: unknown) => {
          if (keyRef.current !== forKey) return
          asked.current.delete(`${forKey}#${page}`)
          report('stats.classTable', error, () => fetchPage(page))
        },
      )
    },
    // `query` is part of `key`: a new key makes a new function.
    [client, key, report, clear],
  )

  useEffect(() => {
    keyRef.current = key
    fetchPage(0)
  }, [key, fetchPage])

  const current = pages.key === key ? pages : null
  const row = useCallback((index: number) => current?.rows.get(Math.floor(index / classPageSize))?.[index % classPageSize], [current])
  const want = useCallback(
    (first: number, last: number) => {
      for (let page = Math.floor(first / classPageSize); page <= Math.floor(last / classPageSize); page++) fetchPage(page)
    },
    [fetchPage],
  )
  return { total: current?.total ?? null, row, want }
}
