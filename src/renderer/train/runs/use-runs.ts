import { useEffect, useRef } from 'react'
import type { RunSummary } from '../../../shared/api/training'
import { useApi } from '../../app/api-context'
import { useApiValue } from '../../app/use-api-value'

/** Events within this long reload the list once. */
const reloadDelayMs = 200

/** Every run of the workspace, newest first; read again whenever `training.onDidChangeRuns` says one changed. */
export function useRuns(): { runs: RunSummary[]; loaded: boolean; reload: () => void } {
  const client = useApi()
  const list = useApiValue('training.listRuns', (c) => c.call('training.listRuns', {}), [])
  const { reload } = list
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(() => {
    const off = client.on('training.onDidChangeRuns', () => {
      if (timer.current) return
      timer.current = setTimeout(() => {
        timer.current = null
        reload()
      }, reloadDelayMs)
    })
    const offReconnect = client.onReconnect(reload)
    return () => {
      off()
      offReconnect()
      if (timer.current) clearTimeout(timer.current)
      timer.current = null
    }
  }, [client, reload])
  return { runs: list.value ?? [], loaded: list.value !== null, reload }
}
