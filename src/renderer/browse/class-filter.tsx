import Autocomplete from '@mui/material/Autocomplete'
import Box from '@mui/material/Box'
import TextField from '@mui/material/TextField'
import { useState } from 'react'
import type { ClassRecord } from '../../shared/api/index'
import { formatCount } from '../app/format'
import { monoFont } from '../app/theme'
import { classColour } from './class-colour'
import { useClassSearch } from './use-class-search'

interface ClassFilterProps {
  value: ClassRecord | null
  onChange: (value: ClassRecord | null) => void
}

/** Picks one class to show only its images; the options come from the server as the user types. */
export function ClassFilter({ value, onChange }: ClassFilterProps) {
  const [open, setOpen] = useState(false)
  const [query, setQuery] = useState('')
  const search = useClassSearch(query, open)
  const options = search.page?.items ?? []

  return (
    <Autocomplete<ClassRecord>
      data-testid="class-filter"
      sx={{ width: 360 }}
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      value={value}
      onChange={(_event, next) => onChange(next)}
      onInputChange={(_event, text, reason) => {
        // `reset` is the input showing the chosen option's name: not a new search.
        if (reason !== 'reset') setQuery(text)
      }}
      options={value && !options.some((o) => o.code === value.code) ? [value, ...options] : options}
      filterOptions={(all) => all}
      loading={search.loading}
      getOptionLabel={(option) => option.name}
      isOptionEqualToValue={(option, selected) => option.code === selected.code}
      noOptionsText={query.trim() ? 'No class matches' : 'No classes'}
      renderOption={(props, option) => {
        const { key, ...rest } = props
        return (
          <Box component="li" key={key} {...rest} data-class-code={option.code} sx={{ gap: 1 }}>
            <Box sx={{ width: 8, height: 8, borderRadius: '2px', flex: 'none', bgcolor: classColour(option.code) }} />
            <Box sx={{ flex: 1, minWidth: 0 }}>
              <Box sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{option.name}</Box>
              <Box sx={{ fontFamily: monoFont, fontSize: 11, color: 'text.secondary' }}>{option.code}</Box>
            </Box>
            <Box
              title="Images with a human-verified positive label"
              sx={{ fontSize: 12, color: 'text.secondary', fontVariantNumeric: 'tabular-nums' }}
            >
              {formatCount(option.humanPositiveImages)}
            </Box>
          </Box>
        )
      }}
      renderInput={(params) => <TextField {...params} label="Class" placeholder="All images" />}
    />
  )
}
