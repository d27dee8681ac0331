import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'

/** Rows of a small CSV file, header dropped when `hasHeader`. For checking what the importers stored. */
export function csvRows(file: string, hasHeader: boolean): string[][] {
  const rows = parse(readFileSync(file), { skip_empty_lines: true, relax_column_count: true }) as string[][]
  return hasHeader ? rows.slice(1) : rows
}
