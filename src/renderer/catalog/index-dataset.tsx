import Button from '@mui/material/Button'
import { useState } from 'react'
import { IndexDialog, type IndexDialogView } from './index-dialog'
import { IndexRunningIndicator } from './index-running-indicator'
import type { IndexJobControl } from './use-index-job'

/**
 * The top bar's way into indexing: the "Index dataset…" button, a running indicator while a run
 * goes (even with the dialog closed), and the dialog itself.
 */
export function IndexDataset({ control }: { control: IndexJobControl }) {
  const [open, setOpen] = useState(false)
  const [view, setView] = useState<IndexDialogView>('picker')
  const job = control.job

  const close = () => {
    setOpen(false)
    // A run closed while going shows its outcome when the dialog opens again; one that ended while
    // shown has been seen, so next time starts at the picker.
    setView(job?.state === 'running' ? 'run' : 'picker')
  }

  return (
    <>
      {job?.state === 'running' && <IndexRunningIndicator job={job} onOpen={() => setOpen(true)} />}
      <Button data-testid="open-index-dialog" variant="outlined" onClick={() => setOpen(true)}>
        Index dataset…
      </Button>
      <IndexDialog open={open} view={view} onViewChange={setView} onClose={close} control={control} />
    </>
  )
}
