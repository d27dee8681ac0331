import Box from '@mui/material/Box'
import { useState } from 'react'
import type { ClassRecord, ImageLabelFilter } from '../../shared/api/index'
import { formatCount } from '../app/format'
import { ClassSearchField } from './class-search-field'
import { useClassRecord } from './use-class-record'

interface ClassFilterProps {
  /** The chosen class's code; null for all images. */
  value: string | null
  /** Which count each option shows: the one that matches the source filter. */
  source: ImageLabelFilter
  onChange: (code: string | null) => void
}

/** Per source, the count of images a class has and what it means. */
const optionCounts: Record<ImageLabelFilter, [(c: ClassRecord) => number, string]> = {
  'human-positive': [(c) => c.humanPositiveImages, 'Images with a human-verified positive label'],
  'human-negative': [(c) => c.humanNegativeImages, 'Images where a human verified the class absent'],
  machine: [(c) => c.machineImages, 'Images with a machine label, any confidence'],
  box: [(c) => c.boxImages, 'Images with a box'],
  tuning: [(c) => c.tuningImages, 'Images with a tuning label'],
  any: [(c) => c.humanPositiveImages, 'Images with a human-verified positive label'],
}

/**
 * Picks one class to show only its images. Searches the catalog's classes by name or code as the
 * user types (the server does, so 20 k classes cost nothing here); arrows and Enter pick.
 */
export function ClassFilter({ value, source, onChange }: ClassFilterProps) {
  const [picked, setPicked] = useState<ClassRecord | null>(null)
  const selected = useClassRecord(value, picked)
  const [count, countTitle] = optionCounts[source]

  return (
    <ClassSearchField<ClassRecord>
      testId="filter-class"
      label="Class"
      placeholder="All images (type a name or code)"
      width={260}
      value={selected}
      onChange={(next) => {
        setPicked(next)
        onChange(next?.code ?? null)
      }}
      trailing={(option) => (
        <Box title={countTitle} sx={{ fontSize: 12, color: 'text.secondary', fontVariantNumeric: 'tabular-nums' }}>
          {formatCount(count(option))}
        </Box>
      )}
    />
  )
}
