import { labelSourceId } from '../../../../shared/labels'
import type { Db } from '../../connection'
import { confidenceBand } from '../class-stats'
import { getExploreTotals, lastHistogramBin } from '../explore/refresh-explore'
import { setMeta } from '../summary'
import { humanSourceList } from './label-overlay'
import { statement } from '../../statements'

const machine = labelSourceId('machine')

/**
 * One image's share of every aggregate an edit can change: class_stats' human and box columns,
 * class_agreement, class_pairs, the human label histogram and the explore totals. Each aggregate is a
 * sum over images, so an edit moves it by (share after) − (share before) of the images it touched:
 * a few index seeks instead of a refresh over 40 M rows. Mirrors refreshClassStats and
 * refreshExploreStats (tests compare the two after random edits).
 */
export interface ImageShare {
  /** class → [human positive, human negative, boxes, has a box] */
  classes: Map<number, [number, number, number, number]>
  /** `class:band` → [verified present, verified absent] */
  agreement: Map<string, [number, number]>
  /** Human-positive classes, ascending. */
  positives: number[]
  hasHuman: boolean
}

export function imageShare(db: Db, imageId: number): ImageShare {
  const classes = new Map<number, [number, number, number, number]>()
  const of = (classId: number) => {
    let entry = classes.get(classId)
    if (!entry) classes.set(classId, (entry = [0, 0, 0, 0]))
    return entry
  }
  const human = statement(db, `SELECT class_id, max(confidence = 1), max(confidence = 0) FROM labels WHERE image_id = ? AND source IN (${humanSourceList}) GROUP BY class_id`)
    .raw()
    .all(imageId) as Array<[number, number, number]>
  const machineBand = new Map(
    (statement(db, 'SELECT class_id, confidence FROM labels WHERE image_id = ? AND source = ?').raw().all(imageId, machine) as Array<[number, number]>).map(
      ([classId, confidence]) => [classId, confidenceBand(confidence)],
    ),
  )
  const agreement = new Map<string, [number, number]>()
  const positives: number[] = []
  for (const [classId, present, absent] of human) {
    const entry = of(classId)
    entry[0] = present
    entry[1] = absent
    if (present) positives.push(classId)
    const band = machineBand.get(classId)
    if (band !== undefined) agreement.set(`${classId}:${band}`, [present, absent])
  }
  for (const [classId, n] of statement(db, 'SELECT class_id, count(*) FROM boxes WHERE image_id = ? GROUP BY class_id').raw().all(imageId) as Array<[number, number]>) {
    const entry = of(classId)
    entry[2] = n
    entry[3] = 1
  }
  return { classes, agreement, positives: positives.sort((a, b) => a - b), hasHuman: human.length > 0 }
}

/** Moves the stored aggregates by `after − before` (shares of the same images, before and after the edits). */
export function applyShareChange(db: Db, before: ImageShare[], after: ImageShare[]): void {
  const classes = new Map<number, number[]>()
  const agreement = new Map<string, number[]>()
  const pairs = new Map<string, number>()
  const bins = new Map<number, number>()
  const totals = { humanImages: 0, humanPositiveImages: 0, humanPositiveLabels: 0 }
  const add = (shares: ImageShare[], sign: number) => {
    for (const share of shares) {
      for (const [classId, values] of share.classes) addInto(classes, classId, values, sign)
      for (const [key, values] of share.agreement) addInto(agreement, key, values, sign)
      const p = share.positives
      for (const a of p) for (const b of p) if (a !== b) pairs.set(`${a}:${b}`, (pairs.get(`${a}:${b}`) ?? 0) + sign)
      if (share.hasHuman) {
        const bin = Math.min(p.length, lastHistogramBin)
        bins.set(bin, (bins.get(bin) ?? 0) + sign)
        totals.humanImages += sign
        totals.humanPositiveImages += p.length > 0 ? sign : 0
        totals.humanPositiveLabels += sign * p.length
      }
    }
  }
  add(before, -1)
  add(after, 1)
  const classRow = statement(db, 
    `INSERT INTO class_stats (class_id, human_positive_images, human_negative_images, machine_images, tuning_images, boxes, box_images)
     VALUES (?, ?, ?, 0, 0, ?, ?) ON CONFLICT (class_id) DO UPDATE SET human_positive_images = human_positive_images + excluded.human_positive_images,
       human_negative_images = human_negative_images + excluded.human_negative_images, boxes = boxes + excluded.boxes, box_images = box_images + excluded.box_images`,
  )
  for (const [classId, [hp, hn, boxes, boxImages]] of classes) if (hp || hn || boxes || boxImages) classRow.run(classId, hp, hn, boxes, boxImages)
  const agreementRow = statement(db, 
    `INSERT INTO class_agreement (class_id, band, verified_present, verified_absent) VALUES (?, ?, ?, ?)
     ON CONFLICT (class_id, band) DO UPDATE SET verified_present = verified_present + excluded.verified_present, verified_absent = verified_absent + excluded.verified_absent`,
  )
  const emptyAgreement = statement(db, 'DELETE FROM class_agreement WHERE class_id = ? AND band = ? AND verified_present = 0 AND verified_absent = 0')
  for (const [key, [present, absent]] of agreement) {
    const [classId, band] = key.split(':').map(Number) as [number, number]
    if (!present && !absent) continue
    agreementRow.run(classId, band, present, absent)
    emptyAgreement.run(classId, band)
  }
  const pairRow = statement(db, 'INSERT INTO class_pairs (a, b, images) VALUES (?, ?, ?) ON CONFLICT (a, b) DO UPDATE SET images = images + excluded.images')
  const emptyPair = statement(db, 'DELETE FROM class_pairs WHERE a = ? AND b = ? AND images = 0')
  for (const [key, n] of pairs) {
    const [a, b] = key.split(':').map(Number) as [number, number]
    if (n === 0) continue
    pairRow.run(a, b, n)
    emptyPair.run(a, b)
  }
  const binRow = statement(db, 
    "INSERT INTO label_histogram (source, labels, images) VALUES ('human', ?, ?) ON CONFLICT (source, labels) DO UPDATE SET images = images + excluded.images",
  )
  for (const [bin, n] of bins) if (n !== 0) binRow.run(bin, n)
  if (totals.humanImages || totals.humanPositiveImages || totals.humanPositiveLabels) {
    const stored = getExploreTotals(db)
    setMeta(db, 'explore.totals', JSON.stringify({
      ...stored,
      humanImages: stored.humanImages + totals.humanImages,
      humanPositiveImages: stored.humanPositiveImages + totals.humanPositiveImages,
      humanPositiveLabels: stored.humanPositiveLabels + totals.humanPositiveLabels,
    }))
  }
}

function addInto<K>(into: Map<K, number[]>, key: K, values: readonly number[], sign: number): void {
  let entry = into.get(key)
  if (!entry) into.set(key, (entry = values.map(() => 0)))
  values.forEach((value, i) => (entry[i]! += sign * value))
}
