import MenuItem from '@mui/material/MenuItem'
import TextField from '@mui/material/TextField'
import type { PredictionSetInfo } from '../../shared/api/evaluation'
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
