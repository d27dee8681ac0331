import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import { useState } from 'react'
import { ClassPicker, type ClassChoice } from './class-picker'

/** Adds a human-verified label of any class to the image: pick the class, then Add. */
export function AddLabel({ onAdd }: { onAdd: (choice: ClassChoice) => void }) {
  const [choice, setChoice] = useState<ClassChoice | null>(null)
  const add = () => {
    if (!choice) return
    onAdd(choice)
    setChoice(null)
  }
  return (
    <Box data-testid="add-label" sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
      <ClassPicker testId="add-label-class" label="Add label" value={choice} onChange={setChoice} onEnter={add} width="100%" />
      <Button data-testid="add-label-button" variant="outlined" disabled={!choice} onClick={add}>
        Add
      </Button>
    </Box>
  )
}
