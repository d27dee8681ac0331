import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts'
import { BrushComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

// Only the parts the explore page draws with, so the bundle carries no more of ECharts than it needs.
echarts.use([BarChart, HeatmapChart, LineChart, ScatterChart, BrushComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer])

export { echarts }
export type { EChartsCoreOption as ChartOption, EChartsType as ChartInstance } from 'echarts/core'

/** Colours per label source, the same in every chart. */
export const sourceColours = { human: '#5aa9ff', machine: '#c792ea', boxes: '#7fd18b', tuning: '#f2b84b' } as const

/** The page's paper colour: exported PNGs are not transparent. */
export const chartBackground = '#191c20'
