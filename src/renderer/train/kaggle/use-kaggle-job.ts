import { useEffect, useState } from 'react'
import type { KaggleJob } from '../../../shared/api/kaggle'
import { useApi } from '../../app/api-context'
import { useApiValue } from '../../app/use-api-value'

/** The Kaggle pipeline as the server last reported it: read once, then every `kaggle.onDidProgress`. */
export function useKaggleJob(): KaggleJob | null {
  const client = useApi()
  const first = useApiValue('kaggle.getJob', (c) => c.call('kaggle.getJob', {}), [])
  const [job, setJob] = useState<KaggleJob | null>(null)
  useEffect(() => client.on('kaggle.onDidProgress', setJob), [client])
  return job ?? first.value
}
