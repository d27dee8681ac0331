import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import LinearProgress from '@mui/material/LinearProgress'
import Typography from '@mui/material/Typography'
import type { IndexJob, IndexProgress as Progress } from '../../shared/api/index'
import { countOf, formatCount } from '../app/format'
import { monoFont } from '../app/theme'
import { formatDuration, formatMegabytes, formatRowRate, formatSeconds } from './index-format'

/** The share of the file read so far, 0..100, or null while its size is unknown. */
export function percentOf(progress: Progress | null): number | null {
  if (!progress || progress.totalBytes <= 0) return null
  return Math.min(100, (progress.bytes / progress.totalBytes) * 100)
}

function Stat({ kind, label, value }: { kind: string; label: string; value: string }) {
  return (
    <Box data-stat={kind}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="body2" sx={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Typography>
    </Box>
  )
}

function FileProgress({ progress, running }: { progress: Progress | null; running: boolean }) {
  const percent = percentOf(progress)
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Typography data-testid="index-file" variant="body2" noWrap>
        {progress ? (
          <>
            File {progress.fileIndex + 1} of {progress.fileCount}:{' '}
            <Box component="span" sx={{ fontFamily: monoFont }}>
              {progress.file}
            </Box>
          </>
        ) : (
          'Starting…'
        )}
      </Typography>
      {running && (
        <LinearProgress
          aria-label="Progress of the file being imported"
          variant={percent === null ? 'indeterminate' : 'determinate'}
          value={percent ?? undefined}
        />
      )}
      {progress && (
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: 1 }}>
          <Stat kind="rows" label="Rows" value={formatCount(progress.rows)} />
          <Stat
            kind="bytes"
            label="Read"
            value={progress.totalBytes > 0 ? `${formatMegabytes(progress.bytes)} of ${formatMegabytes(progress.totalBytes)}` : formatMegabytes(progress.bytes)}
          />
          <Stat kind="rate" label="Rate" value={formatRowRate(progress.rowsPerSecond)} />
          <Stat kind="eta" label="Time left (this file)" value={progress.etaSeconds === null ? '–' : formatDuration(progress.etaSeconds)} />
        </Box>
      )}
    </Box>
  )
}

/** Where a run is: the file being imported, its progress and rate while running, then how it ended. */
export function IndexProgressView({ job }: { job: IndexJob }) {
  const running = job.state === 'running'
  return (
    <Box data-testid="index-progress" data-state={job.state} sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
      <Typography variant="body2" color="text.secondary" noWrap title={job.folder ?? undefined}>
        {job.state === 'finished' ? 'Indexed ' : 'Indexing '}
        <Box component="span" sx={{ fontFamily: monoFont, color: 'text.primary' }}>
          {job.folder}
        </Box>
      </Typography>
      {(running || job.state === 'cancelled' || job.state === 'failed') && <FileProgress progress={job.progress} running={running} />}
      {job.state === 'finished' && job.report && (
        <Alert severity="success" variant="outlined">
          Finished in {job.report.seconds < 60 ? formatSeconds(job.report.seconds) : formatDuration(job.report.seconds)}:{' '}
          {countOf(job.report.files.length, 'file')} imported.
        </Alert>
      )}
      {job.state === 'failed' && (
        <Alert severity="error" role="alert" data-testid="index-error">
          Indexing failed: {job.error ?? 'the indexer stopped without saying why'}. Files imported before this one stay in the catalog.
        </Alert>
      )}
      {job.state === 'cancelled' && (
        <Alert severity="info" data-testid="index-cancelled">
          Cancelled. The file being imported was rolled back; the files before it stay in the catalog.
        </Alert>
      )}
    </Box>
  )
}
