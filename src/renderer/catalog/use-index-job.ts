import { useCallback, useEffect, useRef, useState } from 'react'
import type { IndexJob } from '../../shared/api/index'
import { useApi } from '../app/api-context'
import { errorMessage } from '../app/error-message'
import { useErrorReporter } from '../app/error-reporter'

export interface IndexJobControl {
  /** The current or last run as the server last reported it; null until the first answer. */
  job: IndexJob | null
  /** Why the last start or cancel failed (e.g. `busy`); null after a success. */
  actionError: string | null
  /** True while a start or cancel call is out. */
  pending: boolean
  /** Resolves true once the server started the run, false when it refused (see `actionError`). */
  start(folderId: string): Promise<boolean>
  cancel(): Promise<boolean>
}

const settled = (state: IndexJob['state']) => state === 'finished' || state === 'failed' || state === 'cancelled'

/**
 * The indexing run of the serving machine, from `catalog.getIndexJob` and then every
 * `catalog.onDidIndexProgress` event. `onSettled` runs once when a run ends (finished, failed or
 * cancelled), e.g. to reload the catalog counts and the grid.
 */
export function useIndexJob(onSettled: () => void): IndexJobControl {
  const client = useApi()
  const { report, clear } = useErrorReporter()
  const [job, setJob] = useState<IndexJob | null>(null)
  const [actionError, setActionError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  // Events are newer than any answer to a call made before them: a call's answer only counts
  // when no event arrived while it was out.
  const eventCount = useRef(0)
  const lastState = useRef<IndexJob['state'] | null>(null)
  const onSettledRef = useRef(onSettled)
  useEffect(() => {
    onSettledRef.current = onSettled
  })

  const adoptAnswer = useCallback((answer: IndexJob, eventsBefore: number) => {
    if (eventCount.current !== eventsBefore) return
    const before = lastState.current
    lastState.current = answer.state
    setJob(answer)
    // A run that ended while events were lost (the socket was down) still reloads the catalog.
    if (before === 'running' && settled(answer.state)) onSettledRef.current()
  }, [])

  useEffect(
    () =>
      client.on('catalog.onDidIndexProgress', (next) => {
        eventCount.current += 1
        const before = lastState.current
        lastState.current = next.state
        setJob(next)
        if (settled(next.state) && before !== next.state) onSettledRef.current()
      }),
    [client],
  )

  const load = useCallback(() => {
    const before = eventCount.current
    client.call('catalog.getIndexJob', {}).then(
      (answer) => {
        adoptAnswer(answer, before)
        clear('catalog.getIndexJob')
      },
      (error: unknown) => report('catalog.getIndexJob', error, load),
    )
  }, [client, adoptAnswer, report, clear])
  useEffect(load, [load])
  // Progress events sent while the socket was down are lost: read the run again when it is back.
  useEffect(() => client.onReconnect(load), [client, load])

  const act = useCallback(
    (call: () => Promise<IndexJob>) => {
      const before = eventCount.current
      setPending(true)
      setActionError(null)
      return call().then(
        (answer) => {
          setPending(false)
          adoptAnswer(answer, before)
          return true
        },
        (error: unknown) => {
          setPending(false)
          setActionError(errorMessage(error))
          return false
        },
      )
    },
    [adoptAnswer],
  )
  const start = useCallback((folderId: string) => act(() => client.call('catalog.startIndex', { folderId })), [act, client])
  const cancel = useCallback(() => act(() => client.call('catalog.cancelIndex', {})), [act, client])

  return { job, actionError, pending, start, cancel }
}
