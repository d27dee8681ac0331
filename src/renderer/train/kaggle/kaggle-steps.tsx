import Box from '@mui/material/Box'
import Chip from '@mui/material/Chip'
import LinearProgress from '@mui/material/LinearProgress'
import Typography from '@mui/material/Typography'
import type { KagglePipeline, KaggleStep } from '../../../shared/api/kaggle'
import { formatDuration } from '../../../shared/duration'

const stepLabels: Record<KaggleStep['name'], string> = { index: 'Index the files', train: 'Train', predict: 'Predict the test images', export: 'Fit thresholds and write the CSV' }

const stateColours: Record<KaggleStep['state'], 'default' | 'primary' | 'success' | 'error'> = { waiting: 'default', running: 'primary', done: 'success', skipped: 'default', stopped: 'default', failed: 'error' }

/** The pipeline's steps: each one's state, time against the budget, what it is doing, its progress and ETA. */
export function KaggleSteps({ pipeline }: { pipeline: KagglePipeline }) {
  const used = pipeline.steps.reduce((sum, s) => sum + s.seconds, 0)
  return (
    <Box data-testid="kaggle-steps" sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Typography variant="body2" data-testid="kaggle-budget">
        {formatDuration(used)} of a {formatDuration(pipeline.budgetSeconds)} budget used ({((100 * used) / pipeline.budgetSeconds).toFixed(1)} %)
      </Typography>
      <LinearProgress variant="determinate" value={Math.min(100, (100 * used) / pipeline.budgetSeconds)} />
      {pipeline.steps.map((s) => (
        <Box key={s.name} data-testid="kaggle-step" data-step={s.name} data-state={s.state} sx={{ display: 'flex', flexDirection: 'column', gap: 0.25 }}>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
            <Chip size="small" label={s.state} color={stateColours[s.state]} variant={s.state === 'running' ? 'filled' : 'outlined'} sx={{ minWidth: 72 }} />
            <Typography variant="body2" sx={{ fontWeight: 600 }}>
              {stepLabels[s.name]}
            </Typography>
            <Typography variant="caption" color="text.secondary">
              {s.state === 'waiting' ? '' : formatDuration(s.seconds)}
              {s.state === 'running' && s.etaSeconds !== null ? ` · about ${formatDuration(s.etaSeconds)} left` : ''}
            </Typography>
          </Box>
          {s.detail && (
            <Typography variant="caption" color="text.secondary" data-testid="kaggle-step-detail" sx={{ pl: 11 }}>
              {s.detail}
            </Typography>
          )}
          {s.state === 'running' && <LinearProgress variant={s.fraction === null ? 'indeterminate' : 'determinate'} value={(s.fraction ?? 0) * 100} sx={{ ml: 11 }} />}
        </Box>
      ))}
    </Box>
  )
}
