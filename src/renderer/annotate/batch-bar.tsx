import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Paper from '@mui/material/Paper'
import Typography from '@mui/material/Typography'
import { useState } from 'react'
import type { Verdict } from '../../shared/api/index'
import { countOf } from '../app/format'
import { ClassPicker, type ClassChoice } from './class-picker'
import { useEdits } from './edits-context'

interface BatchBarProps {
  selected: ReadonlySet<string>
  onClear: () => void
}

const actions: ReadonlyArray<{ testId: string; text: string; verdict: Verdict; title: string; past: string }> = [
  // Adding a label and verifying a machine one are the same verdict: one button.
  { testId: 'batch-verify', text: 'Add / verify', verdict: 'present', title: 'Mark the class present (human-verified) on every selected image: adds the label, or verifies a machine one', past: 'Verified' },
  { testId: 'batch-reject', text: 'Reject', verdict: 'absent', title: 'Verify the class absent on every selected image', past: 'Rejected' },
  { testId: 'batch-remove', text: 'Remove', verdict: 'none', title: 'Remove the human label of the class from every selected image', past: 'Removed' },
]

/**
 * Appears while grid tiles are selected: how many, a class, and the verdict to set on all of them in
 * one undoable action (annotate.setLabels, 10,000 images a request).
 */
export function BatchBar({ selected, onClear }: BatchBarProps) {
  const { setLabels, lastClass, rememberClass } = useEdits()
  const [picked, setPicked] = useState<ClassChoice | null>(null)
  const [busy, setBusy] = useState(false)
  const choice = picked ?? lastClass

  const apply = async (verdict: Verdict, past: string) => {
    if (!choice || busy) return
    const edits = [...selected].map((imageId) => ({ imageId, classCode: choice.code, verdict }))
    setBusy(true)
    const receipt = await setLabels(edits, `${past} ${choice.name} on ${countOf(edits.length, 'image')}`, { announce: true })
    setBusy(false)
    if (receipt) rememberClass(choice)
  }

  if (selected.size === 0) return null
  return (
    <Paper data-testid="batch-bar" data-count={selected.size} square elevation={4} sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 1, px: 1.5, py: 1, borderTop: 1, borderColor: 'divider' }}>
      <Typography data-testid="batch-count" variant="body2" sx={{ fontWeight: 600, minWidth: 90 }}>
        {countOf(selected.size, 'image')} selected
      </Typography>
      <ClassPicker testId="batch-class" label="Class" value={choice} onChange={setPicked} width={260} disabled={busy} />
      {actions.map((action) => (
        <Button
          key={action.testId}
          data-testid={action.testId}
          variant="outlined"
          color={action.verdict === 'absent' ? 'warning' : action.verdict === 'none' ? 'inherit' : 'primary'}
          disabled={!choice || busy}
          title={action.title}
          onClick={() => void apply(action.verdict, action.past)}
        >
          {action.text}
        </Button>
      ))}
      <Box sx={{ flex: 1 }} />
      <Button data-testid="batch-clear" onClick={onClear} title="Clear the selection (Esc)">
        Clear selection
      </Button>
    </Paper>
  )
}
