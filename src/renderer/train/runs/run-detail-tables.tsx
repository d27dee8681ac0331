import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import Typography from '@mui/material/Typography'
import type { CheckpointRecord, EpochRecord } from '../../../shared/api/training'
import { formatSeconds } from '../live/live-run'
import { createdText } from './run-format'

const cells = { '& td, & th': { px: 0.75, py: 0.25, whiteSpace: 'nowrap' } }
const number = (value: number | null, digits = 4) => (value === null ? '–' : value.toFixed(digits))

/** A run's finished epochs with their validation. */
export function EpochsTable({ epochs }: { epochs: readonly EpochRecord[] }) {
  if (epochs.length === 0) return <Typography variant="body2" color="text.secondary">No epoch has finished yet.</Typography>
  return (
    <Table size="small" data-testid="epochs-table" data-rows={epochs.length} sx={cells}>
      <TableHead>
        <TableRow>
          {['Stage', 'Epoch', 'Train loss', 'Val. loss', 'F2', 'Threshold', 'Accuracy', 'Baseline', 'Images/s', 'Time', 'Optimizer'].map((h) => (
            <TableCell key={h}>{h}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {epochs.map((e) => (
          <TableRow key={`${e.stageIndex}-${e.epoch}`} data-testid="epoch-row">
            <TableCell>
              {e.stageIndex + 1} ({e.stage})
            </TableCell>
            <TableCell>{e.epoch}</TableCell>
            <TableCell>{number(e.trainLoss)}</TableCell>
            <TableCell>{number(e.validationLoss)}</TableCell>
            <TableCell data-testid="epoch-f2">{number(e.f2, 3)}</TableCell>
            <TableCell>{number(e.threshold, 2)}</TableCell>
            <TableCell>{number(e.accuracy, 3)}</TableCell>
            <TableCell>{number(e.baseline, 3)}</TableCell>
            <TableCell>{e.imagesPerSecond.toFixed(1)}</TableCell>
            <TableCell>{formatSeconds(e.seconds)}</TableCell>
            <TableCell>{e.optimizer || '–'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}

/** A run's saved checkpoints: per-epoch ones and mid-epoch positions; the best of each stage marked. */
export function CheckpointsTable({ checkpoints }: { checkpoints: readonly CheckpointRecord[] }) {
  if (checkpoints.length === 0) return <Typography variant="body2" color="text.secondary">No checkpoints.</Typography>
  return (
    <Table size="small" data-testid="checkpoints-table" data-rows={checkpoints.length} sx={cells}>
      <TableHead>
        <TableRow>
          {['Stage', 'Epoch', 'Kind', 'Step', 'Metric', 'Best', 'Saved', 'Folder'].map((h) => (
            <TableCell key={h}>{h}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {checkpoints.map((c) => (
          <TableRow key={c.id} data-testid="checkpoint-row" data-best={c.best}>
            <TableCell>{c.stageIndex + 1}</TableCell>
            <TableCell>{c.epoch}</TableCell>
            <TableCell>{c.kind}</TableCell>
            <TableCell>{c.globalStep}</TableCell>
            <TableCell>{number(c.metric, 3)}</TableCell>
            <TableCell>{c.best ? 'best' : ''}</TableCell>
            <TableCell>{createdText(c.createdAt)}</TableCell>
            <TableCell sx={{ maxWidth: 320, overflow: 'hidden', textOverflow: 'ellipsis' }} title={c.path}>
              {c.path}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}
