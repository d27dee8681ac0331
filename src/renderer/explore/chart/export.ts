import { toCsv, type CsvTable } from './csv-table'
import { chartBackground, type ChartInstance } from './echarts'

export { toCsv, type CsvTable } from './csv-table'

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
