import { ClassSearchField, type ClassChoice } from '../browse/class-search-field'

export type { ClassChoice }

interface ClassPickerProps {
  value: ClassChoice | null
  onChange: (choice: ClassChoice | null) => void
  label: string
  testId: string
  width?: number | string
  autoFocus?: boolean
  disabled?: boolean
  /** Enter in the field while it shows the chosen class and its list is closed (to confirm the choice). */
  onEnter?: () => void
}

/**
 * Picks a class for an edit (a label to add, a box's class, a batch): the class search the browse
 * filter uses, so Enter picks the first match of what was typed there too.
 */
export function ClassPicker({ value, onChange, label, testId, width = 240, autoFocus, disabled, onEnter }: ClassPickerProps) {
  return (
    <ClassSearchField<ClassChoice>
      testId={testId}
      label={label}
      placeholder="Type a name or code"
      width={width}
      autoFocus={autoFocus}
      disabled={disabled}
      value={value}
      onChange={(next) => onChange(next ? { code: next.code, name: next.name } : null)}
      onEnter={onEnter}
    />
  )
}
