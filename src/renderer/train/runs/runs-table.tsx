import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Checkbox from '@mui/material/Checkbox'
import Chip from '@mui/material/Chip'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import Typography from '@mui/material/Typography'
import type { RunSummary } from '../../../shared/api/training'
import { bestMetricText, canResume, createdText, durationText, statusColour } from './run-format'

interface RunsTableProps {
  runs: readonly RunSummary[]
  /** Runs ticked for the comparison charts. */
  compared: ReadonlySet<number>
  onCompare: (runId: number, on: boolean) => void
  onOpen: (runId: number) => void
  onResume: (runId: number) => void
  onDelete: (run: RunSummary) => void
  busy: boolean
}

const headers = ['', 'Run', 'Status', 'Stages', 'Best', 'Duration', 'Backend', 'Images/s', 'Created', '']

/** Every run, newest first: tick runs to compare, open one for its detail, resume or delete it. */
export function RunsTable({ runs, compared, onCompare, onOpen, onResume, onDelete, busy }: RunsTableProps) {
  if (runs.length === 0) {
    return (
      <Typography data-testid="runs-table" data-rows={0} variant="body2" color="text.secondary">
        No runs yet.
      </Typography>
    )
  }
  return (
    <Table size="small" data-testid="runs-table" data-rows={runs.length} sx={{ '& td, & th': { px: 0.75, py: 0.25, whiteSpace: 'nowrap' } }}>
      <TableHead>
        <TableRow>
          {headers.map((h, i) => (
            <TableCell key={i}>{h}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {runs.map((run) => (
          <TableRow
            key={run.id}
            hover
            data-testid="run-row"
            data-run-id={run.id}
            data-status={run.status}
            data-best-metric={run.bestMetric ?? ''}
            onClick={() => onOpen(run.id)}
            sx={{ cursor: 'pointer' }}
          >
            <TableCell padding="checkbox" onClick={(e) => e.stopPropagation()}>
              <Checkbox
                size="small"
                checked={compared.has(run.id)}
                onChange={(e) => onCompare(run.id, e.target.checked)}
                slotProps={{ input: { 'aria-label': `compare ${run.name}`, ...{ 'data-testid': 'compare-run' } } }}
              />
            </TableCell>
            <TableCell sx={{ maxWidth: 220 }}>
              <Box sx={{ overflow: 'hidden', textOverflow: 'ellipsis' }} title={run.name}>
                {run.name} <Typography component="span" variant="caption" color="text.secondary">#{run.id}</Typography>
              </Box>
              {run.error && (
                <Typography data-testid="run-error" variant="caption" color="error" component="div" noWrap title={run.error}>
                  {run.error}
                </Typography>
              )}
            </TableCell>
            <TableCell>
              <Chip label={run.live && run.status === 'running' ? 'running (live)' : run.status} color={statusColour(run.status)} variant="outlined" data-testid="run-status" />
            </TableCell>
            <TableCell>{run.stages.join(' → ')}</TableCell>
            <TableCell data-testid="run-best" title={bestMetricText(run)}>
              {bestMetricText(run, false)}
            </TableCell>
            <TableCell>{durationText(run.seconds)}</TableCell>
            <TableCell title={run.backendReason ?? undefined}>{run.backend ?? '–'}</TableCell>
            <TableCell align="right">{run.imagesPerSecond === null ? '–' : run.imagesPerSecond.toFixed(1)}</TableCell>
            <TableCell>{createdText(run.createdAt)}</TableCell>
            <TableCell onClick={(e) => e.stopPropagation()}>
              {canResume(run) && (
                <Button data-testid="resume-run-row" disabled={busy} onClick={() => onResume(run.id)}>
                  Resume
                </Button>
              )}
              {!run.live && (
                <Button data-testid="delete-run" color="error" disabled={busy} onClick={() => onDelete(run)}>
                  Delete
                </Button>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}
