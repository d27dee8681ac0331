import Box from '@mui/material/Box'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import Typography from '@mui/material/Typography'
import type { RunPlan, StagePlan } from '../../../shared/training/budget-plan'
import { formatCount } from '../../app/format'
import { formatSeconds } from './live-run'

function epochsText(stage: StagePlan): string {
  if (stage.epochs === 0) return 'planned when it starts'
  return `${stage.epochs} × ${formatCount(stage.stepsPerEpoch)} steps`
}

/**
 * A run's time-budget plan: the budget, what is kept for predicting, and per stage its time, epochs × steps and
 * the speed they were fitted to (measured, or estimated for stages not begun), with the latest revision's reason.
 */
export function RunPlanView({ plan, testId = 'run-plan' }: { plan: RunPlan; testId?: string }) {
  const training = plan.budgetSeconds - plan.spentBefore - plan.reserveSeconds
  return (
    <Box data-testid={testId} data-revision={plan.revision} sx={{ display: 'flex', flexDirection: 'column', gap: 0.5 }}>
      <Typography variant="body2" data-testid={`${testId}-summary`}>
        Plan {plan.revision} for a budget of {formatSeconds(plan.budgetSeconds)}
        {plan.spentBefore > 0 ? ` (${formatSeconds(plan.spentBefore)} spent before this resume)` : ''}: {formatSeconds(training)} of training
        {plan.reserveSeconds > 0 ? `, ${formatSeconds(plan.reserveSeconds)} kept for predict and export` : ''}.{' '}
        <Box component="span" sx={{ color: 'text.secondary' }}>
          Last revised at {formatSeconds(plan.at)}: {plan.reason}.
        </Box>
      </Typography>
      <Table size="small" sx={{ maxWidth: 760 }}>
        <TableHead>
          <TableRow>
            <TableCell>Stage</TableCell>
            <TableCell align="right">Time</TableCell>
            <TableCell align="right">Epochs</TableCell>
            <TableCell align="right">Seconds per step</TableCell>
            <TableCell>Basis</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {plan.stages.map((stage) => (
            <TableRow key={stage.stageIndex} data-testid={`${testId}-stage`} data-stage={stage.stageIndex + 1} data-epochs={stage.epochs} data-steps={stage.stepsPerEpoch} data-seconds={stage.seconds}>
              <TableCell>
                {stage.stageIndex + 1} ({stage.stage})
              </TableCell>
              <TableCell align="right">{formatSeconds(stage.seconds)}</TableCell>
              <TableCell align="right">{epochsText(stage)}</TableCell>
              <TableCell align="right">{stage.secondsPerStep > 0 ? stage.secondsPerStep.toFixed(3) : '–'}</TableCell>
              <TableCell>{stage.basis}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  )
}
