import { useEffect, useState } from 'react'
import type { RunDetail } from '../../../shared/api/training'
import { useApi } from '../../app/api-context'
import { useErrorReporter } from '../../app/error-reporter'

/** Steps per run for the comparison charts (each run's curve is thinned to this many points by the server). */
const compareSteps = 600

/**
 * The details of the runs being compared, read once each and again when `training.onDidChangeRuns` names one
 * (an epoch of a live run ends, a run ends). Runs no longer wanted are dropped.
 */
export function useRunDetails(runIds: readonly number[]): ReadonlyMap<number, RunDetail> {
  const client = useApi()
  const { report, clear } = useErrorReporter()
  const [details, setDetails] = useState<ReadonlyMap<number, RunDetail>>(() => new Map())
  const [stale, setStale] = useState<ReadonlySet<number>>(() => new Set())
  const key = runIds.join(',')

  useEffect(
    () =>
      client.on('training.onDidChangeRuns', ({ runId }) => {
        setStale((current) => (current.has(runId) ? current : new Set([...current, runId])))
      }),
    [client],
  )

  useEffect(() => {
    const wanted = key === '' ? [] : key.split(',').map(Number)
    setDetails((current) => (wanted.length === current.size && wanted.every((id) => current.has(id)) ? current : new Map(wanted.flatMap((id) => (current.has(id) ? [[id, current.get(id)!]] : [])))))
    let live = true
    for (const runId of wanted) {
      if (details.has(runId) && !stale.has(runId)) continue
      client.call('training.getRun', { runId, maxSteps: compareSteps }).then(
        (detail) => {
          if (!live) return
          clear('training.getRun')
          setDetails((current) => new Map(current).set(runId, detail))
          setStale((current) => (current.has(runId) ? new Set([...current].filter((id) => id !== runId)) : current))
        },
        (error: unknown) => live && report('training.getRun', error),
      )
    }
    return () => {
      live = false
    }
    // `details` is read to skip what is loaded; re-running when it changes would fetch in a loop.
  }, [client, key, stale, report, clear])
  return details
}
