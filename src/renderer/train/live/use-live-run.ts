import { useCallback, useEffect, useRef, useState } from 'react'
import type { TrainerMessage } from '../../../shared/api/training'
import { useApi } from '../../app/api-context'
import { useErrorReporter } from '../../app/error-reporter'
import { applyMessage, emptyLiveRun, liveRunFromDetail, type LiveRun } from './live-run'

/** The live charts redraw at most this often, however fast the trainer reports. */
export const redrawMs = 300

export interface LiveRunControl {
  /** The run followed (mutated in place as messages arrive); null before any run. */
  live: LiveRun | null
  /** Changes at most every `redrawMs` while messages arrive: what memoized charts depend on. */
  version: number
  /** Follows a run: reads it once (`training.getRun`), then grows it from `training.onDidReport`. */
  follow: (runId: number) => void
}

/**
 * The run the live view shows: the one this window started, or the one training when the page opened, or
 * one another window starts. Messages are appended as they come; the redraw is throttled.
 */
export function useLiveRun(): LiveRunControl {
  const client = useApi()
  const { report, clear } = useErrorReporter()
  const live = useRef<LiveRun | null>(null)
  // Messages that arrive while the run's history is being read, applied after it.
  const pending = useRef<TrainerMessage[] | null>(null)
  const [version, setVersion] = useState(0)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  const redraw = useCallback((now = false) => {
    if (now) {
      if (timer.current) clearTimeout(timer.current)
      timer.current = null
      setVersion((n) => n + 1)
      return
    }
    if (timer.current) return
    timer.current = setTimeout(() => {
      timer.current = null
      setVersion((n) => n + 1)
    }, redrawMs)
  }, [])
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), [])

  const follow = useCallback(
    (runId: number) => {
      live.current = emptyLiveRun(runId)
      pending.current = []
      redraw(true)
      client.call('training.getRun', { runId, maxSteps: 2000 }).then(
        (detail) => {
          if (live.current?.runId !== runId) return
          const next = liveRunFromDetail(detail)
          for (const message of pending.current ?? []) applyMessage(next, message, Date.now() / 1000)
          pending.current = null
          live.current = next
          clear('training.getRun')
          redraw(true)
        },
        (error: unknown) => {
          pending.current = null
          report('training.getRun', error, () => follow(runId))
        },
      )
    },
    [client, redraw, report, clear],
  )

  useEffect(
    () =>
      client.on('training.onDidReport', ({ runId, message }) => {
        const current = live.current
        if (!current || current.runId !== runId) {
          // Another window (or the CLI through this server) started a run: follow it unless ours is going.
          if ((current === null || current.state === 'ended') && (message.type === 'ready' || message.type === 'progress')) follow(runId)
          return
        }
        if (pending.current) pending.current.push(message)
        else applyMessage(current, message, Date.now() / 1000)
        redraw(message.type !== 'progress' && message.type !== 'log')
      }),
    [client, follow, redraw],
  )

  // At start-up, and after the event socket came back (events may be lost): the run training now, if any.
  const findLive = useCallback(() => {
    client.call('training.listRuns', {}).then(
      (runs) => {
        const training = runs.find((run) => run.live)
        const current = live.current
        if (training && (current === null || current.runId !== training.id || current.state === 'ended')) follow(training.id)
        else if (current && current.state !== 'ended') follow(current.runId)
      },
      () => {},
    )
  }, [client, follow])
  useEffect(findLive, [findLive])
  useEffect(() => client.onReconnect(findLive), [client, findLive])

  return { live: live.current, version, follow }
}
