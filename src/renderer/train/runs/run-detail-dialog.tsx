import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import Tab from '@mui/material/Tab'
import Tabs from '@mui/material/Tabs'
import Typography from '@mui/material/Typography'
import { useEffect, useState } from 'react'
import type { RunDetail } from '../../../shared/api/training'
import { useApi } from '../../app/api-context'
import { monoFont } from '../../app/theme'
import { useApiValue } from '../../app/use-api-value'
import { RunLog } from '../live/run-log'
import { RunPlanView } from '../live/run-plan'
import { PredictPanel } from './predict-panel'
import { bestMetricText, canResume, durationText, runErrorText } from './run-format'
import { CheckpointsTable, EpochsTable } from './run-detail-tables'

type Section = 'epochs' | 'checkpoints' | 'log' | 'config'

interface RunDetailDialogProps {
  runId: number | null
  onClose: () => void
  onResume: (runId: number) => void
  onDelete: (detail: RunDetail) => void
  onDeleteCheckpoints: (detail: RunDetail) => void
  busy: boolean
}

/** One run: its record, epochs, checkpoints, log and config, with resume, delete checkpoints and delete. */
export function RunDetailDialog({ runId, onClose, onResume, onDelete, onDeleteCheckpoints, busy }: RunDetailDialogProps) {
  const client = useApi()
  const [section, setSection] = useState<Section>('epochs')
  const [changes, setChanges] = useState(0)
  useEffect(() => client.on('training.onDidChangeRuns', (e) => e.runId === runId && setChanges((n) => n + 1)), [client, runId])
  const detail = useApiValue('training.getRun', (c) => c.call('training.getRun', { runId: runId ?? 1, maxSteps: 10 }), [runId, changes], { enabled: runId !== null })
  const value = detail.value?.run.id === runId ? detail.value : null
  const workspace = useApiValue('workspace.getInfo', (c) => c.call('workspace.getInfo', {}), [])
  const run = value?.run
  const runError = value && run ? runErrorText(run, value.log) : null

  return (
    <Dialog open={runId !== null} onClose={onClose} maxWidth="lg" fullWidth data-testid="run-detail" data-run-id={runId ?? ''} data-status={run?.status ?? ''}>
      <DialogTitle>{run ? `${run.name} #${run.id}` : 'Run'}</DialogTitle>
      <DialogContent dividers sx={{ display: 'flex', flexDirection: 'column', gap: 1, minHeight: 420 }}>
        {!value && <Typography color="text.secondary">{detail.error ?? 'Loading…'}</Typography>}
        {value && run && (
          <>
            <Typography variant="body2" data-testid="run-detail-summary">
              {run.status}
              {run.live ? ' (training now)' : ''} · {run.stages.join(' → ')} · best {bestMetricText(run)} · {durationText(run.seconds)}
              {run.backend ? ` · ${run.backend}${run.backendReason ? ` (${run.backendReason})` : ''}` : ''}
            </Typography>
            {runError && (
              <Alert severity="error" data-testid="run-detail-error">
                {runError}
              </Alert>
            )}
            {run.plan && <RunPlanView plan={run.plan} testId="run-detail-plan" />}
            {run.bestMetric !== null && <PredictPanel runId={run.id} workspaceLocation={workspace.value?.location ?? null} />}
            <Tabs value={section} onChange={(_, next: Section) => setSection(next)} sx={{ minHeight: 32, '& .MuiTab-root': { minHeight: 32, py: 0 } }}>
              <Tab value="epochs" label={`Epochs (${value.epochs.length})`} />
              <Tab value="checkpoints" label={`Checkpoints (${value.checkpoints.length})`} data-testid="run-detail-checkpoints" />
              <Tab value="log" label="Log" data-testid="run-detail-log" />
              <Tab value="config" label="Config" data-testid="run-detail-config" />
            </Tabs>
            <Box sx={{ overflow: 'auto', flex: 1 }}>
              {section === 'epochs' && <EpochsTable epochs={value.epochs} />}
              {section === 'checkpoints' && <CheckpointsTable checkpoints={value.checkpoints} />}
              {section === 'log' && <RunLog lines={value.log} version={value.log.length} testId="run-detail-log-lines" height={320} />}
              {section === 'config' && (
                <Box component="pre" data-testid="run-config" sx={{ m: 0, fontFamily: monoFont, fontSize: 12 }}>
                  {JSON.stringify(run.config, null, 2)}
                </Box>
              )}
            </Box>
          </>
        )}
      </DialogContent>
      <DialogActions>
        {value && run && canResume(run) && (
          <Button data-testid="detail-resume" disabled={busy} onClick={() => onResume(run.id)}>
            Resume from last checkpoint
          </Button>
        )}
        {value && run && !run.live && run.checkpoints > 0 && (
          <Button data-testid="delete-checkpoints" color="warning" disabled={busy} onClick={() => onDeleteCheckpoints(value)}>
            Delete checkpoints but the best
          </Button>
        )}
        {value && run && !run.live && (
          <Button data-testid="detail-delete" color="error" disabled={busy} onClick={() => onDelete(value)}>
            Delete run
          </Button>
        )}
        <Box sx={{ flex: 1 }} />
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  )
}
