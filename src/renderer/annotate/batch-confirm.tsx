import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogContentText from '@mui/material/DialogContentText'
import DialogTitle from '@mui/material/DialogTitle'

interface BatchConfirmProps {
  /** null: closed. */
  question: { title: string; body: string; confirm: string } | null
  onConfirm: () => void
  onCancel: () => void
}

/** Asks before a batch edit of many images (see needsConfirmation): how many, and what it does. */
export function BatchConfirm({ question, onConfirm, onCancel }: BatchConfirmProps) {
  return (
    <Dialog open={question !== null} onClose={onCancel} data-testid="batch-confirm" aria-labelledby="batch-confirm-title">
      {question && (
        <>
          <DialogTitle id="batch-confirm-title">{question.title}</DialogTitle>
          <DialogContent>
            <DialogContentText data-testid="batch-confirm-text">{question.body}</DialogContentText>
          </DialogContent>
          <DialogActions>
            <Button data-testid="batch-confirm-cancel" onClick={onCancel}>
              Cancel
            </Button>
            <Button data-testid="batch-confirm-ok" variant="contained" onClick={onConfirm} autoFocus>
              {question.confirm}
            </Button>
          </DialogActions>
        </>
      )}
    </Dialog>
  )
}
