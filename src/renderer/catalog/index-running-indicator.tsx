import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import type { IndexJob } from '../../shared/api/index'
import { percentOf } from './index-progress'

/** In the top bar while a run goes, with the dialog open or not; a click opens the dialog. */
export function IndexRunningIndicator({ job, onOpen }: { job: IndexJob; onOpen(): void }) {
  const progress = job.progress
  const percent = percentOf(progress)
  const file = progress ? ` ${progress.fileIndex + 1}/${progress.fileCount}` : ''
  return (
    <Button
      data-testid="index-running"
      color="inherit"
      onClick={onOpen}
      title={progress ? `Indexing ${progress.file}` : 'Indexing'}
      startIcon={
        <CircularProgress
          size={14}
          thickness={5}
          variant={percent === null ? 'indeterminate' : 'determinate'}
          value={percent ?? undefined}
          aria-hidden="true"
        />
      }
    >
      Indexing{file}
      {percent === null ? '…' : ` · ${Math.floor(percent)}%`}
    </Button>
  )
}
