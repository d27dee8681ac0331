import Box from '@mui/material/Box'
import { useEffect, useRef, type CSSProperties } from 'react'
import { chartBackground, echarts, type ChartInstance, type ChartOption } from './echarts'

export type ChartEvents = Record<string, (params: unknown) => void>

interface EChartProps {
  option: ChartOption
  /** Handlers of ECharts events (`click`, `brushSelected`, …); swapped without re-creating the chart. */
  events?: ChartEvents
  /** Gets the instance once it exists (for export and actions), and null after it is disposed. */
  onInstance?: (chart: ChartInstance | null) => void
  /** Runs after each `setOption` (e.g. to turn the brush cursor back on). */
  afterOption?: (chart: ChartInstance) => void
  style?: CSSProperties
}

/**
 * One ECharts chart on canvas: made on mount, `setOption` whenever the option changes, resized with
 * its box, disposed on unmount.
 */
export function EChart({ option, events, onInstance, afterOption, style }: EChartProps) {
  const element = useRef<HTMLDivElement>(null)
  const chart = useRef<ChartInstance | null>(null)
  const onInstanceRef = useRef(onInstance)
  const eventsRef = useRef(events)
  const afterOptionRef = useRef(afterOption)
  useEffect(() => {
    onInstanceRef.current = onInstance
    eventsRef.current = events
    afterOptionRef.current = afterOption
  })

  useEffect(() => {
    const dom = element.current
    if (!dom) return
    const instance = echarts.init(dom, 'dark', { renderer: 'canvas' })
    chart.current = instance
    const names = new Set<string>()
    const listen = (name: string) => {
      if (names.has(name)) return
      names.add(name)
      instance.on(name, (params: unknown) => eventsRef.current?.[name]?.(params))
    }
    Object.keys(eventsRef.current ?? {}).forEach(listen)
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(dom)
    onInstanceRef.current?.(instance)
    return () => {
      observer.disconnect()
      onInstanceRef.current?.(null)
      chart.current = null
      instance.dispose()
    }
  }, [])

  useEffect(() => {
    const instance = chart.current
    if (!instance) return
    instance.setOption({ backgroundColor: chartBackground, ...option }, { notMerge: true })
    afterOptionRef.current?.(instance)
  }, [option])

  return <Box ref={element} sx={{ width: '100%', height: 320 }} style={style} />
}
