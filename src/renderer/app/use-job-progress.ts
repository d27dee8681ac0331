import { useEffect, useMemo, useRef, useState } from 'react'
import type { JobProgress } from '../../shared/api/index'
import { useApi } from './api-context'

/**
 * The long jobs (demo generation, indexing) still running, as `workspace.onDidProgress` reports
 * them. `onFinished` runs once per finished report, e.g. to refresh the catalog counts.
 */
export function useJobProgress(onFinished: (job: JobProgress) => void): JobProgress[] {
  const client = useApi()
  const [jobs, setJobs] = useState<ReadonlyMap<string, JobProgress>>(() => new Map())
  const onFinishedRef = useRef(onFinished)
  useEffect(() => {
    onFinishedRef.current = onFinished
  })

  useEffect(
    () =>
      client.on('workspace.onDidProgress', (progress) => {
        setJobs((current) => {
          if (progress.finished && !current.has(progress.job)) return current
          const next = new Map(current)
          if (progress.finished) next.delete(progress.job)
          else next.set(progress.job, progress)
          return next
        })
        if (progress.finished) onFinishedRef.current(progress)
      }),
    [client],
  )

  return useMemo(() => [...jobs.values()], [jobs])
}
