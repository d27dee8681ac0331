import Box from '@mui/material/Box'
import { useEffect, useRef } from 'react'
import { monoFont } from '../../app/theme'
import type { LogLine } from './live-run'

const levelColours: Record<string, string> = { warn: '#f2b84b', error: '#ff6b6b' }

/** A line's time of day; `at` is in Unix seconds. */
function time(at: number): string {
  return new Date(at * 1000).toLocaleTimeString('en-GB', { hour12: false })
}

/**
 * The last lines of a run's log, scrolled to the newest as lines arrive, unless the reader scrolled up.
 * `version` changes whenever lines were added (the array grows in place).
 */
export function RunLog({ lines, version, testId = 'run-log', height = 180 }: { lines: readonly LogLine[]; version: number; testId?: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null)
  const pinned = useRef(true)
  useEffect(() => {
    const el = box.current
    if (el && pinned.current) el.scrollTop = el.scrollHeight
  }, [version, lines.length])
  return (
    <Box
      ref={box}
      data-testid={testId}
      data-lines={lines.length}
      onScroll={(e) => {
        const el = e.currentTarget
        pinned.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8
      }}
      sx={{ height, overflowY: 'auto', fontFamily: monoFont, fontSize: 12, whiteSpace: 'pre-wrap', border: 1, borderColor: 'divider', borderRadius: 1, p: 0.75, bgcolor: 'background.default' }}
    >
      {lines.map((line, i) => (
        <Box key={i} sx={{ color: levelColours[line.level] ?? 'text.secondary' }}>
          {time(line.at)} {line.text}
        </Box>
      ))}
    </Box>
  )
}
