import Autocomplete from '@mui/material/Autocomplete'
import Box from '@mui/material/Box'
import TextField from '@mui/material/TextField'
import { useState } from 'react'
import type { ClassRecord, ImageLabelFilter } from '../../shared/api/index'
import { formatCount } from '../app/format'
import { ClassOption } from './class-option'
import { useClassRecord } from './use-class-record'
import { useClassSearch } from './use-class-search'

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
  const [open, setOpen] = useState(false)
  const [query, setQuery] = useState('')
  const [picked, setPicked] = useState<ClassRecord | null>(null)
  const selected = useClassRecord(value, picked)
  const search = useClassSearch(query, open)
  const options = search.page?.items ?? []
  const [count, countTitle] = optionCounts[source]

  return (
    <Autocomplete<ClassRecord>
      data-testid="filter-class"
      size="small"
      sx={{ width: 260 }}
      autoHighlight
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      value={selected}
      onChange={(_event, next) => {
        setPicked(next)
        onChange(next?.code ?? null)
      }}
      onInputChange={(_event, text, reason) => {
        // `reset` is the input showing the chosen option's name: not a new search.
        if (reason !== 'reset') setQuery(text)
      }}
      options={selected && !options.some((o) => o.code === selected.code) ? [selected, ...options] : options}
      filterOptions={(all) => all}
      loading={search.loading}
      getOptionLabel={(option) => option.name}
      isOptionEqualToValue={(option, chosen) => option.code === chosen.code}
      noOptionsText={query.trim() ? 'No class matches' : 'No classes'}
      renderOption={(props, option) => (
        <ClassOption key={props.key} props={props} code={option.code} name={option.name} trailing={<Box title={countTitle} sx={{ fontSize: 12, color: 'text.secondary', fontVariantNumeric: 'tabular-nums' }}>{formatCount(count(option))}</Box>} />
      )}
      renderInput={(params) => <TextField {...params} label="Class" placeholder="All images (type a name or code)" />}
    />
  )
}
