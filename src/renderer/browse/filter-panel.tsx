import Box from '@mui/material/Box'
import Checkbox from '@mui/material/Checkbox'
import FormControlLabel from '@mui/material/FormControlLabel'
import TextField from '@mui/material/TextField'
import type { ReactNode } from 'react'
import type { ImageFilter, ImageLabelFilter } from '../../shared/api/index'
import { ClassFilter } from './class-filter'
import { ConfidenceFilter } from './confidence-filter'

interface FilterPanelProps {
  filter: ImageFilter
  onChange: (patch: Partial<ImageFilter>) => void
  /** Shown after the filters, in the same row (the count). */
  children?: ReactNode
}

const sources: [ImageLabelFilter, string][] = [
  ['human-positive', 'Human: present'],
  ['human-negative', 'Human: verified absent'],
  ['machine', 'Machine'],
  ['box', 'Has a box'],
  ['tuning', 'Tuning label'],
  ['any', 'Any label'],
]
const splits: [string, string][] = [
  ['any', 'Any split'],
  ['train', 'Train'],
  ['validation', 'Validation'],
  ['test', 'Test'],
  ['tuning', 'Tuning'],
]
const boxChoices: [string, string][] = [
  ['any', 'Any'],
  ['yes', 'With boxes'],
  ['no', 'Without boxes'],
]
const sorts: [ImageFilter['sort'], string][] = [
  ['id', 'Catalog order'],
  ['confidence', 'Confidence, highest first'],
]

interface FilterSelectProps {
  testId: string
  label: string
  value: string
  options: [string, string][]
  onChange: (value: string) => void
  disabled?: boolean
  title?: string
}

/** A small native select: keyboard driven as the platform's, and simple to drive in tests. */
function FilterSelect({ testId, label, value, options, onChange, disabled, title }: FilterSelectProps) {
  return (
    <TextField
      select
      size="small"
      data-testid={testId}
      label={label}
      value={value}
      disabled={disabled}
      title={title}
      onChange={(event) => onChange(event.target.value)}
      slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
    >
      {options.map(([choice, text]) => (
        <option key={choice} value={choice}>
          {text}
        </option>
      ))}
    </TextField>
  )
}

const boxValue = (hasBoxes: boolean | null) => (hasBoxes === null ? 'any' : hasBoxes ? 'yes' : 'no')

/**
 * Every filter of the listing: a class (optionally with its sub-classes) and which of its labels
 * count, the machine confidence range, split, boxes and order. Settings that need a class are
 * disabled without one.
 */
export function FilterPanel({ filter, onChange, children }: FilterPanelProps) {
  const withClass = filter.classCode !== null
  const needsClass = withClass ? undefined : 'Pick a class first'
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 1.5, px: 1.5, pt: 1.5, pb: 1 }}>
      <ClassFilter value={filter.classCode} source={filter.labelFilter} onChange={(classCode) => onChange({ classCode })} />
      <FormControlLabel
        label="with sub-classes"
        title={needsClass ?? 'Also show images of the classes below it in the hierarchy'}
        disabled={!withClass}
        control={
          <Checkbox
            size="small"
            data-testid="filter-descendants"
            checked={filter.includeDescendants}
            onChange={(event) => onChange({ includeDescendants: event.target.checked })}
          />
        }
      />
      <FilterSelect
        testId="filter-source"
        label="Labels"
        value={filter.labelFilter}
        options={sources}
        disabled={!withClass}
        title={needsClass}
        onChange={(value) => onChange({ labelFilter: value as ImageLabelFilter })}
      />
      {withClass && filter.labelFilter === 'machine' && (
        <ConfidenceFilter
          min={filter.minConfidence}
          max={filter.maxConfidence}
          onChange={(minConfidence, maxConfidence) => onChange({ minConfidence, maxConfidence })}
        />
      )}
      <FilterSelect
        testId="filter-split"
        label="Split"
        value={filter.split ?? 'any'}
        options={splits}
        onChange={(value) => onChange({ split: value === 'any' ? null : value })}
      />
      <FilterSelect
        testId="filter-has-boxes"
        label="Boxes"
        value={boxValue(filter.hasBoxes)}
        options={boxChoices}
        onChange={(value) => onChange({ hasBoxes: value === 'any' ? null : value === 'yes' })}
      />
      <FilterSelect
        testId="filter-sort"
        label="Order"
        value={withClass ? filter.sort : 'id'}
        options={sorts}
        disabled={!withClass}
        title={needsClass}
        onChange={(value) => onChange({ sort: value as ImageFilter['sort'] })}
      />
      {children}
    </Box>
  )
}
