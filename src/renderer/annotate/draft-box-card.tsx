import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Typography from '@mui/material/Typography'
import { ClassPicker } from './class-picker'
import type { DraftBox } from './use-image-annotation'

interface DraftBoxCardProps {
  draft: DraftBox
  onClass: (choice: DraftBox['choice']) => void
  onCreate: () => void
  onCancel: () => void
}

/** The box just drawn: pick its class (the last one used, or the selected label's, to start with), then add it. */
export function DraftBoxCard({ draft, onClass, onCreate, onCancel }: DraftBoxCardProps) {
  const { rect } = draft
  return (
    <Box data-testid="draft-box" sx={{ display: 'flex', flexDirection: 'column', gap: 1, p: 1, mb: 1.5, border: 1, borderColor: 'primary.main', borderRadius: 1 }}>
      <Typography variant="overline" color="text.secondary" sx={{ lineHeight: 1.5 }}>
        New box · {Math.round((rect.xMax - rect.xMin) * 100)} × {Math.round((rect.yMax - rect.yMin) * 100)} %
      </Typography>
      <ClassPicker testId="draft-box-class" label="Class of the box" value={draft.choice} onChange={onClass} onEnter={onCreate} width="100%" autoFocus />
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button data-testid="draft-box-create" variant="contained" disabled={!draft.choice} onClick={onCreate}>
          Add box
        </Button>
        <Button data-testid="draft-box-cancel" onClick={onCancel} title="Drop the drawn box (Esc)">
          Cancel
        </Button>
      </Box>
    </Box>
  )
}
