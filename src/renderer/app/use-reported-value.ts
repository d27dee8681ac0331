import { useEffect, useState } from 'react'
import type { ApiClient } from '../../shared/api/client'
import { useApi } from './api-context'
import { useApiValue } from './use-api-value'

/**
 * A value the server reports as it changes (a job's state): read once with `read`, then replaced by every
 * event `subscribe` delivers. Null until the first of either arrives.
 */
export function useReportedValue<T>(key: string, read: (client: ApiClient) => Promise<T>, subscribe: (client: ApiClient, next: (value: T) => void) => () => void): T | null {
  const client = useApi()
  const first = useApiValue(key, read, [])
  const [reported, setReported] = useState<T | null>(null)
  // `subscribe` is a fresh function each render: the subscription follows the client only
  useEffect(() => subscribe(client, setReported), [client])
  return reported ?? first.value
}
