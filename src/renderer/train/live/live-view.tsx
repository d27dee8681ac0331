import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Chip from '@mui/material/Chip'
import Typography from '@mui/material/Typography'
import { useMemo } from 'react'
import type { RunSummary } from '../../../shared/api/training'
import { lossOption, rateOption, stepsCsv, epochsCsv, validationOption, type RunCurves } from '../charts/chart-options'
import { TrainChart } from '../charts/train-chart'
import { canResume, statusColour } from '../runs/run-format'
import { useRunActions } from '../runs/use-run-actions'
import type { LiveRun } from './live-run'
import { RunLog } from './run-log'
import { RunPlanView } from './run-plan'
import { RunProgress } from './run-progress'
import type { LiveRunControl } from './use-live-run'

/** The status to show: the trainer's latest word while it runs, the catalog's once it ended. */
function shownStatus(live: LiveRun, summary: RunSummary | undefined): string {
  if (live.state !== 'ended') return live.state === 'starting' ? 'starting' : live.state
  return summary && summary.status !== 'running' && summary.status !== 'paused' ? summary.status : (live.end?.status ?? (live.error ? 'failed' : 'ended'))
}

/** The followed run: controls, progress, its curves (updated a few times a second) and its log. */
export function LiveView({ control, runs }: { control: LiveRunControl; runs: readonly RunSummary[] }) {
  const { live, version, follow } = control
  const { act, pending } = useRunActions()
  const summary = runs.find((run) => run.id === live?.runId)
  const curves = useMemo<RunCurves | null>(
    () => (live ? { name: summary?.name ?? `run ${live.runId}`, steps: live.steps, epochs: live.epochs } : null),
    // `version` stands for the arrays growing in place.
    [live, summary?.name, version],
  )
  const loss = useMemo(() => curves && lossOption([curves]), [curves])
  const rate = useMemo(() => curves && rateOption(curves.steps), [curves])
  const validation = useMemo(() => curves && validationOption([curves]), [curves])
  if (!live || !curves || !loss || !rate || !validation) {
    return (
      <Typography data-testid="live-view" data-state="none" variant="body2" color="text.secondary" sx={{ p: 1 }}>
        No run is training. Start one with the form, or resume one from Runs.
      </Typography>
    )
  }
  const status = shownStatus(live, summary)
  const going = live.state === 'running' || live.state === 'starting'
  const resumable = live.state === 'ended' && summary !== undefined && canResume(summary)
  const resumeRun = () => void act('training.resumeRun', live.runId).then((ok) => ok && follow(live.runId))
  return (
    <Box data-testid="live-view" data-run-id={live.runId} data-state={live.state} data-status={status} sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <Typography variant="subtitle1" noWrap sx={{ fontWeight: 600 }}>
          {curves.name}
        </Typography>
        <Chip data-testid="live-status" label={status} color={statusColour(status)} variant="outlined" />
        {live.backend && (
          <Typography variant="caption" color="text.secondary" noWrap title={live.backend.reason}>
            on {live.backend.name}
          </Typography>
        )}
        <Box sx={{ flex: 1 }} />
        {going && (
          <Button data-testid="pause-run" disabled={pending !== null} onClick={() => void act('training.pause', live.runId)}>
            Pause
          </Button>
        )}
        {live.state === 'paused' && (
          <Button data-testid="resume-run" disabled={pending !== null} onClick={() => void act('training.resume', live.runId)}>
            Resume
          </Button>
        )}
        {live.state !== 'ended' && (
          <Button data-testid="stop-run" color="warning" variant="outlined" disabled={pending !== null} onClick={() => void act('training.stop', live.runId)}>
            Stop
          </Button>
        )}
        {resumable && (
          <Button data-testid="resume-stopped-run" variant="outlined" disabled={pending !== null} onClick={resumeRun}>
            Resume from last checkpoint
          </Button>
        )}
      </Box>
      {live.state === 'ended' && live.error && (
        <Alert severity="error" data-testid="live-error">
          The trainer ended with an error: {live.error}
          {resumable ? ' — the run can resume from its last checkpoint.' : ''}
        </Alert>
      )}
      {live.state !== 'ended' && <RunProgress progress={live.progress} stages={summary?.stages.length ?? null} />}
      {live.plan && <RunPlanView plan={live.plan} />}
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(380px, 1fr))', gap: 1 }}>
        <TrainChart testId="live-loss-chart" title="Training loss" fileName={`run-${live.runId}-loss`} option={loss} csv={() => stepsCsv([curves])} />
        <TrainChart testId="live-validation-chart" title="Validation per epoch" fileName={`run-${live.runId}-validation`} option={validation} csv={() => epochsCsv([curves])} />
        <TrainChart testId="live-rate-chart" title="Learning rate and images/s" fileName={`run-${live.runId}-rate`} option={rate} csv={() => stepsCsv([curves])} />
      </Box>
      <RunLog lines={live.log} version={version} />
    </Box>
  )
}
