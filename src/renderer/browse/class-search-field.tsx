import Autocomplete from '@mui/material/Autocomplete'
import TextField from '@mui/material/TextField'
import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react'
import type { ClassRecord } from '../../shared/api/index'
import { ClassOption } from './class-option'
import { useClassSearch } from './use-class-search'

/** A class as the pickers pass it around: its code, and its name to show. */
export interface ClassChoice {
  code: string
  name: string
}

interface ClassSearchFieldProps<T extends ClassChoice> {
  value: T | null
  /** A class picked from the list, or null once the field was cleared. */
  onChange: (choice: T | ClassRecord | null) => void
  testId: string
  label: string
  placeholder: string
  width: number | string
  autoFocus?: boolean
  disabled?: boolean
  /** Enter while the field shows the chosen class and its list is closed (to confirm the choice). */
  onEnter?: () => void
  /** What an option shows after its name and code (a count). */
  trailing?: (option: T | ClassRecord) => ReactNode
}

/**
 * Picks a class by searching the catalog's classes by name or code as the user types
 * (catalog.listClasses on the server): the browse filter and the annotate pickers. The list only ever
 * holds the matches of the text as typed, and Enter picks the first of them (or the one moved to with
 * the arrows or the mouse); pressed before the search for that text has answered, Enter waits for the
 * answer. When nothing matches, Enter picks nothing and the list says so. The chosen class heads the
 * list only while nothing has been typed.
 */
export function ClassSearchField<T extends ClassChoice>({ value, onChange, testId, label, placeholder, width, autoFocus, disabled, onEnter, trailing }: ClassSearchFieldProps<T>) {
  const [open, setOpen] = useState(false)
  /** What the user typed since the field last showed the chosen class's name; '' while it shows it. */
  const [query, setQuery] = useState('')
  /** The user moved the highlight through the current matches: Enter picks that one, as usual. */
  const [moved, setMoved] = useState(false)
  /** Enter came before the search for the typed text answered. */
  const [enterWaiting, setEnterWaiting] = useState(false)
  const search = useClassSearch(query, open)
  const typed = query.trim() !== ''
  const matches = search.matches ?? []
  const options: Array<T | ClassRecord> = !typed && value && !matches.some((o) => o.code === value.code) ? [value, ...matches] : matches

  const pickFirst = (found: ClassRecord[]) => {
    if (found.length === 0) return
    setOpen(false)
    setQuery('')
    onChange(found[0]!)
  }

  useEffect(() => {
    if (!enterWaiting || search.matches === null) return
    setEnterWaiting(false)
    pickFirst(search.matches)
    // Runs when the answer Enter waits for comes; pickFirst is a fresh closure every render.
  }, [enterWaiting, search.matches])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement> & { defaultMuiPrevented?: boolean }) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return
    if (!typed) {
      // The field shows the chosen class: Enter confirms it, or (list open) picks the highlighted class.
      if (!open && value && onEnter) {
        event.preventDefault()
        onEnter()
      }
      return
    }
    if (open && moved && search.matches !== null) return
    event.preventDefault()
    event.defaultMuiPrevented = true
    if (search.matches !== null) pickFirst(search.matches)
    else {
      setEnterWaiting(true)
      setOpen(true)
    }
  }

  return (
    <Autocomplete<T | ClassRecord>
      data-testid={testId}
      size="small"
      sx={{ width }}
      autoHighlight
      disabled={disabled}
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => {
        setOpen(false)
        setEnterWaiting(false)
      }}
      value={value}
      onChange={(_event, next) => onChange(next)}
      onInputChange={(_event, text, reason) => {
        // Only typing searches; any other change shows the chosen class's name (or nothing).
        setQuery(reason === 'input' ? text : '')
        setMoved(false)
        setEnterWaiting(false)
      }}
      onHighlightChange={(_event, option) => setMoved(option !== null)}
      onKeyDown={onKeyDown}
      options={options}
      filterOptions={(all) => all}
      loading={search.loading}
      getOptionLabel={(option) => option.name}
      isOptionEqualToValue={(option, chosen) => option.code === chosen.code}
      noOptionsText={typed ? 'No class matches' : 'No classes'}
      renderOption={(props, option) => <ClassOption key={props.key} props={props} code={option.code} name={option.name} trailing={trailing?.(option)} />}
      renderInput={(params) => <TextField {...params} label={label} placeholder={placeholder} autoFocus={autoFocus} />}
    />
  )
}
