import type { LabelsPerImage } from '../../../../shared/api/stats'
import type { Db } from '../../connection'
import { getExploreTotals } from './refresh-explore'

/**
 * The labels-per-image histogram stored by refreshExploreStats: human-positive labels of the images
 * with any human label, or tuning labels of the tuning images; bins 0..20, the last holding ≥ 20.
 * The mean is over the uncapped counts.
 */
export function getLabelsPerImage(db: Db, source: 'human' | 'tuning'): LabelsPerImage {
  const bins = db.prepare('SELECT labels, images FROM label_histogram WHERE source = ? ORDER BY labels').all(source) as LabelsPerImage['bins']
  const totals = getExploreTotals(db)
  const [images, labels] = source === 'human' ? [totals.humanImages, totals.humanPositiveLabels] : [totals.tuningImages, totals.tuningLabels]
  return { source, bins, mean: images > 0 ? labels / images : 0 }
}
