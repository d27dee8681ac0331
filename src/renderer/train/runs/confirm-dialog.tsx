import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import Typography from '@mui/material/Typography'

export interface Confirmation {
  title: string
  text: string
  action: string
  onConfirm: () => void
}

/** Asks before something that cannot be undone (deleting a run or its checkpoints). */
export function ConfirmDialog({ confirmation, onClose }: { confirmation: Confirmation | null; onClose: () => void }) {
  return (
    <Dialog open={confirmation !== null} onClose={onClose} data-testid="confirm-dialog">
      <DialogTitle>{confirmation?.title}</DialogTitle>
      <DialogContent>
        <Typography variant="body2">{confirmation?.text}</Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          data-testid="confirm"
          color="error"
          variant="contained"
          onClick={() => {
            confirmation?.onConfirm()
            onClose()
          }}
        >
          {confirmation?.action}
        </Button>
      </DialogActions>
    </Dialog>
  )
}
