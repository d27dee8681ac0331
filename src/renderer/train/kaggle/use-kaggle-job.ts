import type { KaggleJob } from '../../../shared/api/kaggle'
import { useReportedValue } from '../../app/use-reported-value'

/** The Kaggle pipeline as the server last reported it: read once, then every `kaggle.onDidProgress`. */
export function useKaggleJob(): KaggleJob | null {
  return useReportedValue(
    'kaggle.getJob',
    (c) => c.call('kaggle.getJob', {}),
    (c, next) => c.on('kaggle.onDidProgress', next),
  )
}
