import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import { useMemo } from 'react'
import type { RunSummary } from '../../../shared/api/training'
import { epochsCsv, lossOption, stepsCsv, validationOption, type RunCurves } from '../charts/chart-options'
import { TrainChart } from '../charts/train-chart'
import { useRunDetails } from './use-run-details'

/** The ticked runs' validation curves and training losses, overlaid. */
export function CompareRuns({ runIds, runs }: { runIds: readonly number[]; runs: readonly RunSummary[] }) {
  const details = useRunDetails(runIds)
  const curves = useMemo<RunCurves[]>(
    () =>
      runIds.flatMap((id) => {
        const detail = details.get(id)
        if (!detail) return []
        const name = `${runs.find((r) => r.id === id)?.name ?? detail.run.name} #${id}`
        return [{ name, steps: detail.steps, epochs: detail.epochs }]
      }),
    [runIds, details, runs],
  )
  const validation = useMemo(() => validationOption(curves), [curves])
  const loss = useMemo(() => lossOption(curves), [curves])
  if (runIds.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        Tick runs in the table to overlay their curves.
      </Typography>
    )
  }
  return (
    <Box data-testid="compare-runs" data-runs={curves.length} sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(380px, 1fr))', gap: 1 }}>
      <TrainChart testId="compare-validation-chart" title="Validation per epoch (F2, or accuracy for box stages)" fileName="runs-validation" option={validation} csv={() => epochsCsv(curves)} height={260} />
      <TrainChart testId="compare-loss-chart" title="Training loss" fileName="runs-loss" option={loss} csv={() => stepsCsv(curves)} height={260} />
    </Box>
  )
}
