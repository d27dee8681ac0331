import Alert from '@mui/material/Alert'
import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import { FolderPicker } from './folder-picker'
import { IndexProgressView } from './index-progress'
import { IndexReportView } from './index-report'
import type { IndexJobControl } from './use-index-job'
import { useFolderListing } from './use-folder-listing'

export type IndexDialogView = 'picker' | 'run'

interface IndexDialogProps {
  open: boolean
  /** The folder picker, or the run (progress, then its outcome). A running job always shows the run. */
  view: IndexDialogView
  onViewChange(view: IndexDialogView): void
  onClose(): void
  control: IndexJobControl
}

/** Index a dataset from the app: pick a folder on the serving machine, start, watch, cancel, read the report. */
export function IndexDialog({ open, view, onViewChange, onClose, control }: IndexDialogProps) {
  const { job, actionError, pending, start, cancel } = control
  const navigation = useFolderListing(open)
  const running = job?.state === 'running'
  const shown: IndexDialogView = running ? 'run' : view
  const current = navigation.listing?.folder

  const startHere = () => {
    if (!current) return
    void start(current.folderId).then((started) => started && onViewChange('run'))
  }

  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth data-testid="index-dialog" aria-labelledby="index-dialog-title">
      <DialogTitle id="index-dialog-title">Index a dataset</DialogTitle>
      <DialogContent dividers sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
        {actionError && (
          <Alert severity="error" role="alert" data-testid="index-action-error">
            {actionError}
          </Alert>
        )}
        {shown === 'picker' && <FolderPicker navigation={navigation} />}
        {shown === 'run' && job && job.state !== 'idle' && <IndexProgressView job={job} />}
        {shown === 'run' && job?.state === 'finished' && job.report && <IndexReportView report={job.report} />}
      </DialogContent>
      <DialogActions>
        {shown === 'picker' && job && job.state !== 'idle' && (
          <Button onClick={() => onViewChange('run')} sx={{ mr: 'auto' }}>
            Show the last run
          </Button>
        )}
        {shown === 'run' && !running && (
          <Button onClick={() => onViewChange('picker')} sx={{ mr: 'auto' }}>
            Index another folder
          </Button>
        )}
        {running && (
          <Button data-testid="cancel-index" color="warning" variant="outlined" disabled={pending} onClick={() => void cancel()}>
            Cancel indexing
          </Button>
        )}
        <Button onClick={onClose}>{running ? 'Hide' : 'Close'}</Button>
        {shown === 'picker' && (
          <Button data-testid="start-index" variant="contained" disabled={!current || pending || navigation.loading} onClick={startHere}>
            Index this folder
          </Button>
        )}
      </DialogActions>
    </Dialog>
  )
}
