import Autocomplete from '@mui/material/Autocomplete'
import TextField from '@mui/material/TextField'
import { useState, type KeyboardEvent } from 'react'
import { ClassOption } from '../browse/class-option'
import { useClassSearch } from '../browse/use-class-search'

/** A class as the annotate controls pass it around: its code, and its name to show. */
export interface ClassChoice {
  code: string
  name: string
}

interface ClassPickerProps {
  value: ClassChoice | null
  onChange: (choice: ClassChoice | null) => void
  label: string
  testId: string
  width?: number | string
  autoFocus?: boolean
  disabled?: boolean
  /** Enter in the field while its list is closed (to confirm the choice). */
  onEnter?: () => void
}

/**
 * Picks a class for an edit (a label to add, a box's class, a batch): searches the catalog's classes
 * by name or code as the user types, as the browse filter does (catalog.listClasses on the server).
 */
export function ClassPicker({ value, onChange, label, testId, width = 240, autoFocus, disabled, onEnter }: ClassPickerProps) {
  const [open, setOpen] = useState(false)
  const [query, setQuery] = useState('')
  const search = useClassSearch(query, open)
  const found: ClassChoice[] = search.page?.items ?? []
  const options = value && !found.some((o) => o.code === value.code) ? [value, ...found] : found

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !open && value && onEnter) {
      event.preventDefault()
      onEnter()
    }
  }

  return (
    <Autocomplete<ClassChoice>
      data-testid={testId}
      size="small"
      sx={{ width }}
      autoHighlight
      disabled={disabled}
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      value={value}
      onChange={(_event, next) => onChange(next ? { code: next.code, name: next.name } : null)}
      onInputChange={(_event, text, reason) => {
        if (reason !== 'reset') setQuery(text)
      }}
      options={options}
      filterOptions={(all) => all}
      loading={search.loading}
      getOptionLabel={(option) => option.name}
      isOptionEqualToValue={(option, chosen) => option.code === chosen.code}
      noOptionsText={query.trim() ? 'No class matches' : 'No classes'}
      renderOption={(props, option) => <ClassOption key={props.key} props={props} code={option.code} name={option.name} />}
      renderInput={(params) => <TextField {...params} label={label} placeholder="Type a name or code" autoFocus={autoFocus} onKeyDown={onKeyDown} />}
    />
  )
}
