const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** A count with thousands separators, the same in every locale: 1234567 → "1,234,567". */
export function formatCount(value: number): string {
  return countFormat.format(value)
}

/** "1 box", "2 boxes": a count and a noun in the right number. */
export function countOf(value: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(value)} ${value === 1 ? singular : plural}`
}

/** A 0..1 confidence as the data files write it: 0.87. */
export function formatConfidence(value: number): string {
  return value.toFixed(2)
}
