import { chartBackground, type ChartInstance } from './echarts'

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

function download(href: string, fileName: string): void {
  const link = document.createElement('a')
  link.href = href
  link.download = fileName
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
}

/** Saves the table behind a chart as `<name>.csv`. */
export function downloadCsv(table: CsvTable, name: string): void {
  const url = URL.createObjectURL(new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }))
  download(url, `${name}.csv`)
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** Saves the chart as drawn, at twice its pixel size, as `<name>.png`. */
export function downloadPng(chart: ChartInstance, name: string): void {
  download(chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: chartBackground }), `${name}.png`)
}
