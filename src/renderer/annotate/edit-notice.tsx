import Alert from '@mui/material/Alert'
import Button from '@mui/material/Button'
import Snackbar from '@mui/material/Snackbar'
import type { ErrorCode } from '../../shared/errors'

/** What the notice at the bottom of the window says about the last edit, undo or failure. */
export interface Notice {
  /** A new id per notice, so the same text shown twice still restarts the timer. */
  id: number
  severity: 'success' | 'info' | 'error'
  message: string
  /** The error's code, for a failure. */
  code?: ErrorCode
  /** Offer Undo (after a batch or a revert). */
  undo?: boolean
}

interface EditNoticeProps {
  /** The last notice; kept after closing so the closing transition still has content. */
  notice: Notice | null
  open: boolean
  onUndo: () => void
  onClose: () => void
}

/** Edits' outcome as a snackbar: successes fade after a few seconds, failures stay until dismissed. */
export function EditNotice({ notice, open, onUndo, onClose }: EditNoticeProps) {
  return (
    <Snackbar
      key={notice?.id}
      open={open && notice !== null}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      autoHideDuration={notice?.severity === 'error' ? null : 5000}
      onClose={(_event, reason) => {
        if (reason !== 'clickaway') onClose()
      }}
    >
      {notice ? (
        <Alert
          data-testid="edit-notice"
          data-severity={notice.severity}
          data-error-code={notice.code}
          severity={notice.severity}
          variant="filled"
          onClose={onClose}
          action={
            notice.undo ? (
              <Button color="inherit" size="small" onClick={onUndo}>
                Undo
              </Button>
            ) : undefined
          }
          sx={{ alignItems: 'center' }}
        >
          {notice.message}
        </Alert>
      ) : undefined}
    </Snackbar>
  )
}
