/** Charts' tables as CSV text: pure, so tests and non-DOM code can use it (export.ts downloads it). */

/** A cell as a CSV file writes it: quoted when it holds a comma, a quote or a line break. */
function csvCell(value: string | number | boolean | null): string {
  const text = value === null ? '' : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export type CsvTable = { header: string[]; rows: Array<Array<string | number | boolean | null>> }

/** RFC 4180 text: the header, then one line per row. */
export function toCsv({ header, rows }: CsvTable): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
