import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Checkbox from '@mui/material/Checkbox'
import FormControlLabel from '@mui/material/FormControlLabel'
import LinearProgress from '@mui/material/LinearProgress'
import MenuItem from '@mui/material/MenuItem'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import { useState } from 'react'
import type { ImageSetName, PredictJob } from '../../../shared/api/training'
import { useApi } from '../../app/api-context'
import { errorMessage } from '../../app/error-message'
import { monoFont } from '../../app/theme'
import { useReportedValue } from '../../app/use-reported-value'
import { predictCommand } from './run-format'

const imageSets: Array<{ value: ImageSetName; label: string }> = [
  { value: 'tuning', label: 'tuning images' },
  { value: 'validation', label: "the run's validation images" },
  { value: 'test', label: 'test images (tuning included)' },
]

/** The prediction job as the server last reported it (events after the first read). */
function usePredictJob(): PredictJob | null {
  return useReportedValue(
    'training.getPredictJob',
    (c) => c.call('training.getPredictJob', {}),
    (c, next) => c.on('training.onDidPredictProgress', next),
  )
}

/**
 * "Predict with this checkpoint": scores an image set with the run's best checkpoint (flip TTA by default)
 * in a child process on the server; the scores become a prediction set for the Errors page and the export.
 */
export function PredictPanel({ runId, workspaceLocation }: { runId: number; workspaceLocation: string | null }) {
  const client = useApi()
  const job = usePredictJob()
  const [images, setImages] = useState<ImageSetName>('tuning')
  const [tta, setTta] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const running = job?.state === 'running'
  const mine = job?.runId === runId
  const start = () => {
    setError(null)
    client.call('training.predict', { runId, images, tta }).catch((e: unknown) => setError(errorMessage(e)))
  }
  const report = mine && job?.state === 'finished' ? job.report : null
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 0.5 }} data-testid="predict-panel" data-state={mine ? job?.state : 'idle'}>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="body2">Predict with the best checkpoint:</Typography>
        <TextField select size="small" value={images} onChange={(e) => setImages(e.target.value as ImageSetName)} disabled={running} slotProps={{ htmlInput: { 'data-testid': 'predict-images' } }}>
          {imageSets.map((s) => (
            <MenuItem key={s.value} value={s.value}>
              {s.label}
            </MenuItem>
          ))}
        </TextField>
        <FormControlLabel control={<Checkbox size="small" checked={tta} onChange={(e) => setTta(e.target.checked)} disabled={running} />} label="TTA (mirrored too)" />
        {running && mine ? (
          <Button size="small" onClick={() => void client.call('training.cancelPredict', {})}>
            Cancel
          </Button>
        ) : (
          <Button size="small" variant="outlined" onClick={start} disabled={running} data-testid="predict-start">
            Predict
          </Button>
        )}
      </Box>
      {running && mine && (
        <Box>
          <LinearProgress variant={job.progress?.total ? 'determinate' : 'indeterminate'} value={job.progress?.total ? (100 * job.progress.done) / job.progress.total : 0} />
          <Typography variant="caption">{job.progress ? `${job.progress.done} / ${job.progress.total ?? '?'} images · ${job.progress.detail ?? ''}` : 'loading the model…'}</Typography>
        </Box>
      )}
      {report && (
        <Alert severity="success" data-testid="predict-report">
          Prediction set <b>{report.name}</b>: {report.images} images, {report.rows.toLocaleString('en-US')} scores in {report.seconds.toFixed(1)} s
          {report.f2 !== null ? ` · ${report.imageSet === 'test' ? 'tuning ' : ''}F2 ${report.f2.toFixed(4)} at threshold ${report.threshold?.toFixed(3)} over ${report.truthImages} ${report.imageSet === 'test' ? 'tuning ' : ''}images` : ''} — open it in the Errors tab.
        </Alert>
      )}
      {mine && job?.state === 'failed' && <Alert severity="error">{job.error}</Alert>}
      {error && <Alert severity="error">{error}</Alert>}
      {workspaceLocation && (
        <Typography variant="caption" color="text.secondary" sx={{ fontFamily: monoFont }} data-testid="predict-command">
          in a terminal: {predictCommand(workspaceLocation, runId)}
        </Typography>
      )}
    </Box>
  )
}
