import { ChartPanel } from '../../explore/chart/chart-panel'
import type { ChartInstance, ChartOption } from '../../explore/chart/echarts'
import type { CsvTable } from '../../explore/chart/csv-table'

interface TrainChartProps {
  testId: string
  title: string
  fileName: string
  option: ChartOption
  csv: () => CsvTable
  height?: number
}

/** Marks the chart with how many points ECharts holds after each update (what the e2e test reads). */
function markDrawnPoints(chart: ChartInstance): void {
  const series = (chart.getOption() as { series?: Array<{ data?: unknown[] }> }).series ?? []
  chart.getDom().dataset.drawnPoints = String(series.reduce((sum, s) => sum + (s.data?.length ?? 0), 0))
}

/** A training chart: the explore page's chart panel (PNG and CSV export), at a compact height. */
export function TrainChart({ testId, title, fileName, option, csv, height = 220 }: TrainChartProps) {
  return <ChartPanel testId={testId} title={title} fileName={fileName} option={option} csv={csv} afterOption={markDrawnPoints} style={{ height }} />
}
