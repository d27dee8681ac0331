import Box from '@mui/material/Box'
import LinearProgress from '@mui/material/LinearProgress'
import Typography from '@mui/material/Typography'
import type { ProgressReport } from '../../../shared/training/protocol'
import { Figure } from '../../app/figure'
import { formatCount } from '../../app/format'
import { formatSeconds, stageFraction } from './live-run'

/** Where the live run is: stage k of n, epoch e of E, step s of S, the stage's ETA and the latest figures. */
export function RunProgress({ progress, stages }: { progress: ProgressReport | null; stages: number | null }) {
  if (!progress) {
    return (
      <Box data-testid="run-progress" data-state="waiting">
        <Typography variant="body2" color="text.secondary">
          Waiting for the first step…
        </Typography>
        <LinearProgress />
      </Box>
    )
  }
  const p = progress
  const fraction = stageFraction(p)
  return (
    <Box
      data-testid="run-progress"
      data-stage={p.stageIndex + 1}
      data-epoch={p.epoch}
      data-step={p.step}
      data-global-step={p.globalStep}
      sx={{ display: 'flex', flexDirection: 'column', gap: 0.5 }}
    >
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <Figure value={`${p.stageIndex + 1} of ${stages ?? '?'}`} label={`stage (${p.stage})`} kind="stage" />
        <Figure value={`${p.epoch} of ${p.epochs}`} label="epoch" kind="epoch" />
        <Figure value={`${formatCount(p.step)} of ${formatCount(p.stepsPerEpoch)}`} label="step" kind="step" />
        <Figure value={formatSeconds(p.etaSeconds)} label="left in this stage" kind="eta" />
      </Box>
      <LinearProgress variant="determinate" value={fraction * 100} />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <Figure value={p.loss.toFixed(4)} label="loss" kind="loss" />
        <Figure value={p.lr.toExponential(2)} label="lr" kind="lr" />
        <Figure value={p.imagesPerSecond.toFixed(1)} label="images/s" kind="images-per-second" />
        <Figure value={`${p.inputSize} px`} label="input" kind="input-size" />
        <Figure value={p.optimizer} label="optimizer" kind="optimizer" />
      </Box>
    </Box>
  )
}
