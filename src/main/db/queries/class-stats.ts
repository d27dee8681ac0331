import { labelSourceId } from '../../../shared/labels'
import type { Db } from '../connection'

const verification = labelSourceId('verification')
const crowdsource = labelSourceId('crowdsource-verification')
const machine = labelSourceId('machine')
const tuning = labelSourceId('tuning')

interface ClassStats {
  /** Human label rows by confidence (1 present, 0 absent) and source, before removing images both sources name. */
  human: Record<'1' | '0', Map<number, number>>
  humanPositiveImages: number
  humanNegativeImages: number
  machineImages: number
  tuningImages: number
  boxes: number
  boxImages: number
  /** Machine labels by confidence band 0..9. */
  bands: number[]
}

const emptyStats = (): ClassStats => ({
  human: { '1': new Map(), '0': new Map() },
  humanPositiveImages: 0,
  humanNegativeImages: 0,
  machineImages: 0,
  tuningImages: 0,
  boxes: 0,
  boxImages: 0,
  bands: Array.from({ length: 10 }, () => 0),
})

/** Band b holds machine confidences with floor(confidence * 10) = b; 1 goes to band 9. */
export const confidenceBand = (confidence: number): number => Math.max(0, Math.min(9, Math.floor(confidence * 10)))

/**
 * Recomputes `class_stats` and `class_confidence_bands` from labels and boxes; run after each import.
 * One ordered pass over the covering index labels_by_class grouped by (class, source, confidence) (no
 * sort; it yields few rows while machine confidences take few values, as Open Images' tenths do, and
 * a row per machine label at worst), two over boxes_by_class, and, only for
 * classes that both human sources label, a probe per row of the smaller source so that an image both
 * name counts once. Runs in a transaction of its own (a savepoint inside the caller's).
 */
export function refreshClassStats(db: Db): void {
  db.transaction(() => writeStats(db, collectStats(db)))()
}

function collectStats(db: Db): Map<number, ClassStats> {
  const stats = new Map<number, ClassStats>()
  const of = (classId: number): ClassStats => {
    let entry = stats.get(classId)
    if (!entry) stats.set(classId, (entry = emptyStats()))
    return entry
  }
  const groups = db.prepare(
    'SELECT class_id, source, confidence, count(*) FROM labels INDEXED BY labels_by_class GROUP BY class_id, source, confidence',
  )
  for (const [classId, source, confidence, n] of groups.raw().iterate() as Iterable<[number, number, number, number]>) {
    const entry = of(classId)
    if (source === machine) {
      entry.machineImages += n
      entry.bands[confidenceBand(confidence)]! += n
    } else if (source === tuning) entry.tuningImages += n
    else if ((source === verification || source === crowdsource) && (confidence === 1 || confidence === 0)) {
      entry.human[confidence === 1 ? '1' : '0'].set(source, n)
    }
  }
  const both = db.prepare(
    `SELECT count(*) FROM labels AS a INDEXED BY labels_by_class WHERE a.class_id = @classId AND a.source = @probe AND a.confidence = @confidence
     AND EXISTS (SELECT 1 FROM labels AS b WHERE b.image_id = a.image_id AND b.class_id = @classId AND b.source = @other AND b.confidence = @confidence)`,
  )
  for (const [classId, entry] of stats) {
    for (const confidence of [1, 0] as const) {
      const bySource = entry.human[confidence === 1 ? '1' : '0']
      const [a = 0, b = 0] = [bySource.get(verification), bySource.get(crowdsource)]
      const [probe, other] = a <= b ? [verification, crowdsource] : [crowdsource, verification]
      const overlap = a > 0 && b > 0 ? (both.pluck().get({ classId, probe, other, confidence }) as number) : 0
      const images = a + b - overlap
      if (confidence === 1) entry.humanPositiveImages = images
      else entry.humanNegativeImages = images
    }
  }
  const boxPass = (sql: string): Iterable<[number, number]> => db.prepare(sql).raw().iterate() as Iterable<[number, number]>
  for (const [classId, n] of boxPass('SELECT class_id, count(*) FROM boxes INDEXED BY boxes_by_class GROUP BY class_id')) of(classId).boxes = n
  for (const [classId, n] of boxPass('SELECT class_id, count(DISTINCT image_id) FROM boxes INDEXED BY boxes_by_class GROUP BY class_id')) {
    of(classId).boxImages = n
  }
  return stats
}

/** Replaces both tables; every class gets a row, zeros where nothing names it. */
function writeStats(db: Db, stats: Map<number, ClassStats>): void {
  db.exec('DELETE FROM class_stats; DELETE FROM class_confidence_bands')
  const insertStats = db.prepare(
    `INSERT INTO class_stats (class_id, human_positive_images, human_negative_images, machine_images, tuning_images, boxes, box_images)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertBand = db.prepare('INSERT INTO class_confidence_bands (class_id, band, labels) VALUES (?, ?, ?)')
  for (const classId of db.prepare('SELECT id FROM classes').pluck().all() as number[]) {
    if (!stats.has(classId)) stats.set(classId, emptyStats())
  }
  for (const [classId, s] of stats) {
    insertStats.run(classId, s.humanPositiveImages, s.humanNegativeImages, s.machineImages, s.tuningImages, s.boxes, s.boxImages)
    s.bands.forEach((labels, band) => {
      if (labels > 0) insertBand.run(classId, band, labels)
    })
  }
}
