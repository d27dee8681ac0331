import type { Shift, ShiftRow } from '../../../../shared/api/stats'
import { jensenShannon, spearman } from '../../../../shared/distribution-stats'
import { ApiError } from '../../../../shared/errors'
import type { Db } from '../../connection'
import { getExploreTotals } from './refresh-explore'

interface Side {
  perClass: Map<number, number>
  labelledImages: number
  labels: number
}

/** Images per class of a prediction set: an ordered walk of predictions_by_class within the set. */
export const predictionClassCountsSql = 'SELECT class_id, count(*) FROM predictions INDEXED BY predictions_by_class WHERE set_id = ? GROUP BY class_id'
/** Images a prediction set names: the set's range of the primary key, in image order. */
export const predictionImagesSql = 'SELECT count(DISTINCT image_id) FROM predictions WHERE set_id = ?'

/**
 * Training's human-positive class distribution against the tuning set (`against` = 'tuning') or a
 * prediction set by name (unknown: ApiError not-found, where `against`). Shares are over each side's
 * images with at least one label; rows by |change| (ties by name), `limit` of them. The rank
 * correlation is 0 where it is undefined (under two classes, or one side constant): JSON has no NaN.
 */
export function getShift(db: Db, against: string, limit: number): Shift {
  const totals = getExploreTotals(db)
  const classes = db.prepare('SELECT c.id, c.code, c.name, s.human_positive_images, s.tuning_images FROM classes AS c JOIN class_stats AS s ON s.class_id = c.id').raw().all() as Array<
    [number, string, string, number, number]
  >
  const train: Side = { perClass: new Map(classes.map(([id, , , n]) => [id, n])), labelledImages: totals.humanPositiveImages, labels: totals.humanPositiveLabels }
  const other: Side = against === 'tuning' ? { perClass: new Map(classes.map(([id, , , , n]) => [id, n])), labelledImages: totals.tuningLabelledImages, labels: totals.tuningLabels } : predictionSide(db, against)
  const share = (n: number, side: Side): number => (side.labelledImages > 0 ? n / side.labelledImages : 0)
  const rows: ShiftRow[] = []
  const trainCounts: number[] = []
  const otherCounts: number[] = []
  let onlyInTrain = 0
  let onlyInOther = 0
  for (const [id, code, name] of classes) {
    const trainImages = train.perClass.get(id) ?? 0
    const otherImages = other.perClass.get(id) ?? 0
    if (trainImages === 0 && otherImages === 0) continue
    if (otherImages === 0) onlyInTrain++
    if (trainImages === 0) onlyInOther++
    trainCounts.push(trainImages)
    otherCounts.push(otherImages)
    const trainShare = share(trainImages, train)
    const otherShare = share(otherImages, other)
    rows.push({ code, name, trainImages, otherImages, trainShare, otherShare, change: otherShare - trainShare })
  }
  rows.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.code < b.code ? -1 : 1))
  return {
    against,
    rows: rows.slice(0, limit),
    onlyInTrain,
    onlyInOther,
    rankCorrelation: finiteOr0(spearman(trainCounts, otherCounts)),
    jensenShannon: jensenShannon(trainCounts, otherCounts),
    labelsPerImage: {
      train: train.labelledImages > 0 ? train.labels / train.labelledImages : 0,
      other: other.labelledImages > 0 ? other.labels / other.labelledImages : 0,
    },
  }
}

function predictionSide(db: Db, name: string): Side {
  const setId = db.prepare('SELECT id FROM prediction_sets WHERE name = ?').pluck().get(name) as number | undefined
  if (setId === undefined) throw new ApiError('not-found', `no prediction set named ${name}; compare with 'tuning' or an imported set`, 'against')
  const perClass = new Map(db.prepare(predictionClassCountsSql).raw().all(setId) as Array<[number, number]>)
  let labels = 0
  for (const n of perClass.values()) labels += n
  return { perClass, labels, labelledImages: db.prepare(predictionImagesSql).pluck().get(setId) as number }
}

const finiteOr0 = (value: number): number => (Number.isFinite(value) ? value : 0)
