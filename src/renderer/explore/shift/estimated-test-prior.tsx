import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import type { EstimatedTestPrior } from '../../../shared/api/stats'
import { Figure } from '../../app/figure'
import { formatCount } from '../../app/format'

/** The shift view's headline for the estimated test prior: labels per image and what it rests on, or why there is none. */
export function EstimatedTestPriorHeadline({ prior, against }: { prior: EstimatedTestPrior; against: string }) {
  if (!prior.estimated) {
    return (
      <Typography data-testid="estimated-test-prior" data-estimated="false" variant="body2" color="text.secondary">
        No estimated test prior: {prior.reason}
      </Typography>
    )
  }
  return (
    <Box data-testid="estimated-test-prior" data-estimated="true" data-labels-per-image={prior.labelsPerImage.estimatedTest} sx={{ display: 'flex', flexDirection: 'column', gap: 0.25 }}>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <Figure label="labels / image, test (estimated)" value={prior.labelsPerImage.estimatedTest.toFixed(2)} />
        <Figure label="test images estimated on" value={formatCount(prior.testImages)} />
      </Box>
      <Typography data-testid="estimated-test-prior-caveat" variant="caption" color="text.secondary">
        Estimated from {against}&apos;s scores calibrated on the {formatCount(prior.tuningImages)} tuning images&apos; labels (EM, no test labels): on
        images from contexts training never saw, the scores and so the estimate run high.
      </Typography>
    </Box>
  )
}
