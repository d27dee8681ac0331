import MenuItem from '@mui/material/MenuItem'
import TextField from '@mui/material/TextField'
import { useState } from 'react'
import { parseNumber, parseSizes } from './run-form'

interface NumberFieldProps {
  label: string
  value: number | undefined
  /** Gets undefined when an optional field is cleared. */
  onChange: (value: number | undefined) => void
  /** Blank means "not set" (no cap, automatic). */
  optional?: boolean
  integer?: boolean
  error?: string | undefined
  testId?: string
  width?: number
  /** What a blank optional field means ("all", "none"), shown in the empty box. */
  blank?: string
}

/**
 * A number typed as text: the form only gets numbers (or undefined for a blank optional field); text that is
 * not one stays in the box with a message until it is fixed. Range checks come from the schema (`error`).
 */
export function NumberField({ label, value, onChange, optional, integer, error, testId, width = 110, blank = 'none' }: NumberFieldProps) {
  const [draft, setDraft] = useState<{ text: string; value: number | undefined } | null>(null)
  // The draft only counts while the form still holds what it committed (a preset replaces it).
  const text = draft && draft.value === value ? draft.text : value === undefined ? '' : String(value)
  const parsed = parseNumber(text)
  const ownError =
    parsed === null ? (optional ? undefined : 'required') : Number.isNaN(parsed) ? 'not a number' : integer && !Number.isInteger(parsed) ? 'a whole number' : undefined
  const change = (next: string) => {
    const number = parseNumber(next)
    const valid = number === null ? optional : !Number.isNaN(number) && (!integer || Number.isInteger(number))
    const committed = valid ? (number ?? undefined) : value
    setDraft({ text: next, value: committed })
    if (valid && committed !== value) onChange(committed)
  }
  const message = ownError ?? error
  return (
    <TextField
      label={label}
      value={text}
      onChange={(e) => change(e.target.value)}
      error={message !== undefined}
      helperText={message}
      placeholder={optional ? blank : undefined}
      slotProps={{ htmlInput: { 'data-testid': testId, inputMode: 'decimal' }, inputLabel: optional ? { shrink: true } : {} }}
      sx={{ width }}
    />
  )
}

/** Square input sizes as a list: "96, 128". */
export function SizesField({ value, onChange, error, testId }: { value: number[]; onChange: (sizes: number[]) => void; error?: string | undefined; testId?: string }) {
  const [draft, setDraft] = useState<{ text: string; value: number[] } | null>(null)
  const text = draft && draft.value === value ? draft.text : value.join(', ')
  const ownError = parseSizes(text) === null ? 'whole numbers, e.g. 96, 128' : undefined
  const change = (next: string) => {
    const sizes = parseSizes(next)
    const committed = sizes ?? value
    setDraft({ text: next, value: committed })
    if (sizes) onChange(sizes)
  }
  const message = ownError ?? error
  return (
    <TextField
      label="Input sizes (px)"
      value={text}
      onChange={(e) => change(e.target.value)}
      error={message !== undefined}
      helperText={message}
      slotProps={{ htmlInput: { 'data-testid': testId } }}
      sx={{ width: 150 }}
    />
  )
}

interface ChoiceFieldProps<T extends string> {
  label: string
  value: T
  choices: readonly T[]
  onChange: (value: T) => void
  /** How a choice reads (defaults to itself). */
  describe?: (value: T) => string
  error?: string | undefined
  testId?: string
  width?: number
}

/** One of a few named choices. */
export function ChoiceField<T extends string>({ label, value, choices, onChange, describe, error, testId, width = 130 }: ChoiceFieldProps<T>) {
  return (
    <TextField
      select
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value as T)}
      error={error !== undefined}
      helperText={error}
      data-testid={testId}
      sx={{ width }}
    >
      {choices.map((choice) => (
        <MenuItem key={choice} value={choice} data-value={choice}>
          {describe ? describe(choice) : choice}
        </MenuItem>
      ))}
    </TextField>
  )
}
