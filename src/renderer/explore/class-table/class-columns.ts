import type { ClassStatsRow } from '../../../shared/api/stats'

/** The columns the server sorts the class table by (stats.classTable's `sort`). */
export type ClassSort = 'rank' | 'name' | 'humanPositive' | 'humanNegative' | 'machine' | 'boxes' | 'tuning'

export interface ClassColumn {
  key: keyof ClassStatsRow
  label: string
  title: string
  /** The server's sort key for this column, if it sorts. */
  sort: ClassSort | null
  width: string
}

/** The class table's columns, left to right. */
export const classColumns: ClassColumn[] = [
  { key: 'rank', label: '#', title: 'Rank by human-positive images', sort: 'rank', width: '44px' },
  { key: 'name', label: 'Class', title: 'Class name (code on hover)', sort: 'name', width: 'minmax(90px, 1fr)' },
  { key: 'humanPositive', label: 'H+', title: 'Images a human verified as showing the class', sort: 'humanPositive', width: '52px' },
  { key: 'humanNegative', label: 'H−', title: 'Images a human verified as not showing the class', sort: 'humanNegative', width: '52px' },
  { key: 'machine', label: 'M', title: 'Images with a machine label at or above the chosen confidence', sort: 'machine', width: '52px' },
  { key: 'boxes', label: 'Box', title: 'Bounding boxes', sort: 'boxes', width: '52px' },
  { key: 'share', label: 'Share', title: 'Share of the images with any human-positive label', sort: null, width: '56px' },
]

export const classGridColumns = `${classColumns.map((c) => c.width).join(' ')} 28px`

/** A share as a percentage with enough digits for the long tail: 0.0123 → "1.23%". */
export function formatShare(share: number): string {
  const percent = share * 100
  return `${percent >= 10 ? percent.toFixed(1) : percent >= 0.01 || percent === 0 ? percent.toFixed(2) : percent.toExponential(1)}%`
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })

/** A count that fits a narrow column: exact below 100,000, then 889.9K, 2.1M (the exact value is the cell's title). */
export function formatCell(value: number): string {
  return value < 100_000 ? value.toLocaleString('en-US') : compact.format(value)
}
