import Box from '@mui/material/Box'
import Slider from '@mui/material/Slider'
import Typography from '@mui/material/Typography'
import { useEffect, useRef, useState } from 'react'
import { formatConfidence } from '../app/format'

/**
 * A thumb let go (or a run of arrow-key steps) changes the listing this long after the last change:
 * every new range is a new listing the server must build.
 */
const settleMs = 250

interface ConfidenceFilterProps {
  min: number
  max: number
  onChange: (min: number, max: number) => void
}

/** Steps of 0.05 add up to 0.30000000000000004; keep the URL and the query clean. */
const round = (value: number) => Math.round(value * 100) / 100

/** The machine labels' confidence range, 0..1 in steps of 0.05 (arrow keys move a thumb). */
export function ConfidenceFilter({ min, max, onChange }: ConfidenceFilterProps) {
  const [moving, setMoving] = useState<number[] | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
    },
    [],
  )
  const shown = moving ?? [min, max]

  const commit = (value: number[]) => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      timer.current = null
      setMoving(null)
      const [low = 0, high = 1] = value
      if (round(low) !== min || round(high) !== max) onChange(round(low), round(high))
    }, settleMs)
  }

  return (
    <Box data-testid="filter-confidence" data-min={min} data-max={max} sx={{ display: 'flex', alignItems: 'center', gap: 2, flex: 'none' }}>
      <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
        Confidence
      </Typography>
      <Slider
        size="small"
        sx={{ width: 140 }}
        min={0}
        max={1}
        step={0.05}
        value={shown}
        disableSwap
        valueLabelDisplay="auto"
        valueLabelFormat={formatConfidence}
        getAriaLabel={(thumb) => (thumb === 0 ? 'Lowest confidence' : 'Highest confidence')}
        onChange={(_event, value) => setMoving(value as number[])}
        onChangeCommitted={(_event, value) => commit(value as number[])}
      />
      <Typography variant="body2" color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
        {formatConfidence(shown[0] ?? min)}–{formatConfidence(shown[1] ?? max)}
      </Typography>
    </Box>
  )
}
