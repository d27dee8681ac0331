import MenuItem from '@mui/material/MenuItem'
import TextField from '@mui/material/TextField'
import type { PredictionSetInfo, TruthKind } from '../../shared/api/evaluation'
import { setOptionText } from './error-format'

interface SetPickerProps {
  sets: readonly PredictionSetInfo[]
  set: string | null
  onChoose: (name: string) => void
}

/** Picks the prediction set to analyse; each option says its kind and how many tuning images it scores. */
export function SetPicker({ sets, set, onChoose }: SetPickerProps) {
  return (
    <TextField
      select
      data-testid="set-picker"
      label="Prediction set"
      value={set ?? ''}
      onChange={(event) => onChoose(event.target.value)}
      sx={{ minWidth: 260, maxWidth: 420 }}
      disabled={sets.length === 0}
    >
      {sets.map((s) => (
        <MenuItem key={s.name} value={s.name} data-testid="set-option" title={s.file}>
          {setOptionText(s)}
        </MenuItem>
      ))}
    </TextField>
  )
}

/** Picks the ground truth: the tuning labels (the competition's), or the human labels of the images the set scores. */
export function TruthPicker({ truth, onChoose, disabled }: { truth: TruthKind; onChoose: (truth: TruthKind) => void; disabled: boolean }) {
  return (
    <TextField select data-testid="truth-picker" label="Against" value={truth} onChange={(event) => onChoose(event.target.value as TruthKind)} sx={{ minWidth: 200 }} disabled={disabled}>
      <MenuItem value="tuning">tuning labels</MenuItem>
      <MenuItem value="human">human labels (e.g. validation)</MenuItem>
    </TextField>
  )
}

interface ComparePickerProps {
  sets: readonly PredictionSetInfo[]
  /** The set shown (A): not offered. */
  set: string | null
  compareWith: string | null
  onChoose: (name: string | null) => void
}

/** Picks set B to compare the shown set with, class by class ("none" shows the one set's errors). */
export function ComparePicker({ sets, set, compareWith, onChoose }: ComparePickerProps) {
  const others = sets.filter((s) => s.name !== set)
  return (
    <TextField
      select
      data-testid="compare-picker"
      label="Compare with"
      value={compareWith ?? ''}
      onChange={(event) => onChoose(event.target.value === '' ? null : event.target.value)}
      sx={{ minWidth: 180, maxWidth: 320 }}
      disabled={set === null || others.length === 0}
    >
      <MenuItem value="">
        <em>none</em>
      </MenuItem>
      {others.map((s) => (
        <MenuItem key={s.name} value={s.name} data-testid="compare-option" title={s.file}>
          {setOptionText(s)}
        </MenuItem>
      ))}
    </TextField>
  )
}
