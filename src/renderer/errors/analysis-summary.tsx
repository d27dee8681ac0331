import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import type { AnalysisSummary as Summary } from '../../shared/api/evaluation'
import { countOf, formatCount } from '../app/format'
import { crossValidationText, formatMetric, policyText } from './error-format'

/** The head of an analysis: mean F2 over the tuning images the set scores, the thresholds and the policy. */
export function AnalysisSummary({ summary }: { summary: Summary }) {
  const cv = crossValidationText(summary)
  return (
    <Box data-testid="analysis-summary" data-mean-f2={summary.meanF2} data-applied={summary.thresholds.applied} sx={{ minWidth: 0 }}>
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1.5, flexWrap: 'wrap' }}>
        <Typography variant="h6" component="p" data-testid="mean-f2" sx={{ fontWeight: 600 }}>
          F2 {formatMetric(summary.meanF2)}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          mean over {countOf(summary.images, summary.truth === 'tuning' ? 'tuning image' : 'human-labelled image')}
          {summary.unscoredTuningImages > 0 ? ` (${formatCount(summary.unscoredTuningImages)} not scored, left out)` : ''} ·{' '}
          {formatCount(summary.imagesWithFp)} with a false positive · {formatCount(summary.imagesWithFn)} with a false negative
        </Typography>
      </Box>
      <Typography variant="body2" data-testid="policy" noWrap title={policyText(summary)}>
        {policyText(summary)}
      </Typography>
      {cv && (
        <Typography variant="caption" color="text.secondary" component="p" noWrap title={cv}>
          {cv} · analysed in {summary.seconds.toFixed(1)} s
        </Typography>
      )}
    </Box>
  )
}
