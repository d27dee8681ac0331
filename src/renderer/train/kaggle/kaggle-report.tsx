import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import type { KaggleReport } from '../../../shared/api/kaggle'
import { formatDuration } from '../../../shared/duration'
import { Figure } from '../../app/figure'
import { formatCount } from '../../app/format'
import { monoFont } from '../../app/theme'

/** A finished pipeline's figures: the budget used, validation and tuning F2, the rows written and where. */
export function KaggleReportView({ report, runId }: { report: KaggleReport; runId: number | null }) {
  return (
    <Alert severity="success" data-testid="kaggle-report" data-rows={report.rows} data-file={report.file}>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', mb: 0.5 }}>
        <Figure value={`${formatDuration(report.usedSeconds)} of ${formatDuration(report.budgetSeconds)}`} label="budget used" kind="budget-used" />
        <Figure value={report.validationF2?.toFixed(4) ?? '–'} label={`validation F2 (run ${runId ?? '?'})`} kind="validation-f2" />
        <Figure value={report.tuningF2CrossValidated?.toFixed(4) ?? '–'} label={`tuning F2, cross-validated, ${report.thresholds} thresholds`} kind="tuning-f2" />
        <Figure value={formatCount(report.rows)} label={`rows (${formatCount(report.filledRows)} filled)`} kind="rows" />
        {report.labelsPerImage && (
          <Figure value={`${report.labelsPerImage.tuning.toFixed(2)} → ${report.labelsPerImage.estimatedTest.toFixed(2)}`} label="labels per image: tuning → test (estimated)" kind="labels-per-image" />
        )}
      </Box>
      {report.adaptation !== undefined && (
        <Box data-testid="kaggle-adaptation" sx={{ mb: 0.5 }}>
          Against the shift: {report.adaptation}
        </Box>
      )}
      The submission was written and validated: <Box component="span" sx={{ fontFamily: monoFont }}>{report.file}</Box>
    </Alert>
  )
}
