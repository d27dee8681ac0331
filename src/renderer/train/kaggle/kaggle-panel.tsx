import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import FormControlLabel from '@mui/material/FormControlLabel'
import MenuItem from '@mui/material/MenuItem'
import Switch from '@mui/material/Switch'
import TextField from '@mui/material/TextField'
import Tooltip from '@mui/material/Tooltip'
import Typography from '@mui/material/Typography'
import { useEffect, useState } from 'react'
import { presetNames } from '../../../shared/training/presets'
import { defaultShiftAdaptation, describeShiftAdaptation } from '../../../shared/training/shift-adaptation'
import { useApi } from '../../app/api-context'
import { errorMessage } from '../../app/error-message'
import { monoFont } from '../../app/theme'
import { useApiValue } from '../../app/use-api-value'
import { KaggleReportView } from './kaggle-report'
import { KaggleSteps } from './kaggle-steps'
import { useKaggleJob } from './use-kaggle-job'

/**
 * "Kaggle submission": the whole pipeline in one click on this workspace's catalog — train within the budget
 * (planned to fill it), predict the sample's and the tuning images with flip TTA, fit thresholds on the tuning
 * labels, write and validate the CSV — with each step's progress and ETA, the final report and the file.
 */
export function KagglePanel({ training }: { training: boolean }) {
  const client = useApi()
  const job = useKaggleJob()
  const samples = useApiValue('kaggle.listSampleFiles', (c) => c.call('kaggle.listSampleFiles', {}), [job?.state])
  const [sample, setSample] = useState('')
  const [minutes, setMinutes] = useState('15')
  const [preset, setPreset] = useState('cpu-quick')
  const [adapt, setAdapt] = useState(true)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    const first = samples.value?.[0]?.file
    if (first && sample === '') setSample(first)
  }, [samples.value, sample])
  const running = job?.state === 'running'
  const budget = Number(minutes)
  const budgetError = !(budget >= 0.5 && budget <= 7 * 24 * 60) ? 'between 0.5 and 10,080 minutes' : null
  const start = () => {
    setError(null)
    client.call('kaggle.start', { sample, budgetSeconds: Math.round(budget * 60), preset, adapt: adapt ? 'default' : 'none' }).catch((e: unknown) => setError(errorMessage(e)))
  }
  const pipeline = job?.pipeline ?? null
  return (
    <Box data-testid="kaggle-panel" data-state={job?.state ?? 'idle'} sx={{ display: 'flex', flexDirection: 'column', gap: 1.5, maxWidth: 900 }}>
      <Typography variant="body2" color="text.secondary">
        One click from this catalog to a submission: box pretraining then fine-tuning planned to fill the budget, the test images predicted with flip TTA,
        thresholds fitted on the tuning labels (cross-validated), the CSV written for the sample&apos;s ids and validated. Stopping keeps the training run&apos;s
        position: starting again resumes.
      </Typography>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <TextField select size="small" label="Sample submission" value={sample} onChange={(e) => setSample(e.target.value)} disabled={running} sx={{ minWidth: 320 }} data-testid="kaggle-sample">
          {(samples.value ?? []).map((f) => (
            <MenuItem key={f.file} value={f.file}>
              {f.file.split(/[\\/]/).at(-1)} ({f.rows.toLocaleString('en-US')} ids)
            </MenuItem>
          ))}
        </TextField>
        <TextField size="small" label="Time budget (minutes)" value={minutes} onChange={(e) => setMinutes(e.target.value)} disabled={running} error={budgetError !== null} helperText={budgetError} sx={{ width: 170 }} slotProps={{ htmlInput: { 'data-testid': 'kaggle-budget-minutes', inputMode: 'decimal' } }} />
        <TextField select size="small" label="Preset" value={preset} onChange={(e) => setPreset(e.target.value)} disabled={running} sx={{ width: 150 }}>
          {presetNames.map((name) => (
            <MenuItem key={name} value={name}>
              {name}
            </MenuItem>
          ))}
        </TextField>
        <Tooltip title={`Against a test set from other places, with another class prior: ${describeShiftAdaptation(defaultShiftAdaptation)} (chosen by npm run bench:shift; docs/shift.md)`}>
          <FormControlLabel control={<Switch checked={adapt} onChange={(e) => setAdapt(e.target.checked)} disabled={running} slotProps={{ input: { 'aria-label': 'Adapt to the test set' } }} data-testid="kaggle-adapt" />} label="Adapt to the test set" />
        </Tooltip>
        {running ? (
          <Button data-testid="kaggle-cancel" color="warning" variant="outlined" onClick={() => void client.call('kaggle.cancel', {})}>
            Stop
          </Button>
        ) : (
          <Button data-testid="kaggle-start" variant="contained" onClick={start} disabled={sample === '' || budgetError !== null || training}>
            Make the submission
          </Button>
        )}
      </Box>
      {!running && training && <Alert severity="info">A run is training: the pipeline can start when it ends.</Alert>}
      {samples.value?.length === 0 && <Alert severity="warning">No sample submission is indexed: index the challenge folder (with its stage_1_ or stage_2_sample_submission.csv) first.</Alert>}
      {error && <Alert severity="error">{error}</Alert>}
      {running && !pipeline && <Typography variant="body2">Starting…</Typography>}
      {pipeline && <KaggleSteps pipeline={pipeline} />}
      {job?.state === 'failed' && job.error && (
        <Alert severity="error" data-testid="kaggle-error">
          {job.error}
        </Alert>
      )}
      {job?.state === 'cancelled' && <Alert severity="info">Stopped. Start again with the same sample to resume where it was.</Alert>}
      {pipeline?.report && job?.state === 'finished' && <KaggleReportView report={pipeline.report} runId={pipeline.runId} />}
      {pipeline && (
        <Typography variant="caption" color="text.secondary" sx={{ fontFamily: monoFont }}>
          pipeline {pipeline.id} · writes {pipeline.out}
        </Typography>
      )}
    </Box>
  )
}
