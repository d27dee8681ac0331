import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Typography from '@mui/material/Typography'
import { useState, type CSSProperties, type ReactNode } from 'react'
import { EChart, type ChartEvents } from './echart'
import type { ChartInstance, ChartOption } from './echarts'
import { downloadCsv, downloadPng, type CsvTable } from './export'

interface ChartPanelProps {
  testId: string
  title: string
  /** The file name of the exports, without extension. */
  fileName: string
  option: ChartOption
  /** The data behind the chart, for Export CSV (made on demand). */
  csv: () => CsvTable
  events?: ChartEvents
  onInstance?: (chart: ChartInstance | null) => void
  afterOption?: (chart: ChartInstance) => void
  /** Extra `data-*` attributes on the panel (what tests read). */
  data?: Record<`data-${string}`, string | number>
  /** Controls next to the export buttons. */
  controls?: ReactNode
  style?: CSSProperties
}

/** A titled chart with Export PNG and Export CSV. */
export function ChartPanel({ testId, title, fileName, option, csv, events, onInstance, afterOption, data, controls, style }: ChartPanelProps) {
  const [chart, setChart] = useState<ChartInstance | null>(null)
  const instance = (next: ChartInstance | null) => {
    setChart(next)
    onInstance?.(next)
  }
  return (
    <Box data-testid={testId} {...data} sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1, bgcolor: 'background.paper' }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 0.5, flexWrap: 'wrap' }}>
        <Typography variant="subtitle2" sx={{ flex: 1 }} noWrap>
          {title}
        </Typography>
        {controls}
        <Button data-testid="export-png" disabled={!chart} onClick={() => chart && downloadPng(chart, fileName)}>
          Export PNG
        </Button>
        <Button data-testid="export-csv" onClick={() => downloadCsv(csv(), fileName)}>
          Export CSV
        </Button>
      </Box>
      <EChart option={option} events={events} onInstance={instance} afterOption={afterOption} style={style} />
    </Box>
  )
}
