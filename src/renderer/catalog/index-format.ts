import { formatCount } from '../app/format'

const megabyte = 1024 * 1024
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })

/** Bytes as megabytes with one decimal, the same in every locale: 5_452_595 → "5.2 MB". */
export function formatMegabytes(bytes: number): string {
  return `${oneDecimal.format(bytes / megabyte)} MB`
}

/** A rate in rows per second, rounded: 65294.3 → "65,294 rows/s". */
export function formatRowRate(rowsPerSecond: number): string {
  return `${formatCount(Math.round(rowsPerSecond))} rows/s`
}

/** A duration in whole units for a person to read: 8 → "8 s", 200 → "3 min 20 s". */
export { formatDuration } from '../../shared/duration'

/** Seconds an import step took, to two decimals: 0.0142 → "0.01 s". */
export function formatSeconds(seconds: number): string {
  return `${seconds.toFixed(2)} s`
}
