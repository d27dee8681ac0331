import { BatchInsert } from '../db/batch-insert'
import type { Db } from '../db/connection'
import { mulberry32 } from '../../shared/prng'

/** Open Images' shape per training image: human labels, machine labels and boxes (8.0 M, 15.3 M, 14.6 M over 1.74 M). */
const perImage = { human: 4.6, machine: 8.8, boxes: 8.4 }
export const benchClasses = 7178

/**
 * Fills an empty catalog with `images` train images and labels and boxes at Open Images' densities,
 * classes drawn from a long tail (Zipf, s = 1), written straight with BatchInsert (no CSV parsing): a
 * stand-in for an indexed catalog, to time edits against.
 */
export function fillSyntheticCatalog(db: Db, images: number, seed = 1): { labels: number; boxes: number } {
  const rand = mulberry32(seed)
  const weights = Array.from({ length: benchClasses }, (_, i) => 1 / (i + 1))
  const total = weights.reduce((a, b) => a + b, 0)
  const cumulative = new Float64Array(benchClasses)
  weights.reduce((sum, w, i) => (cumulative[i] = sum + w / total), 0)
  const drawClass = () => {
    const u = rand()
    let lo = 0
    let hi = benchClasses - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid]! < u) lo = mid + 1
      else hi = mid
    }
    return lo + 1
  }
  const count = (mean: number) => Math.max(0, Math.round(mean * 2 * rand()))
  let labels = 0
  let boxes = 0
  db.transaction(() => {
    const classes = new BatchInsert(db, 'classes', ['id', 'code', 'name', 'boxable', 'trainable', 'described'])
    for (let c = 1; c <= benchClasses; c++) classes.addRow([c, `/m/0bench${c.toString(36)}`, `Class ${c}`, c <= 600 ? 1 : 0, 1, 1])
    classes.flush()
    db.prepare("INSERT INTO box_sources (id, name) VALUES (1, 'xclick')").run()
    const imageRows = new BatchInsert(db, 'images', ['id', 'image_key', 'split'])
    const labelRows = new BatchInsert(db, 'labels', ['image_id', 'class_id', 'source', 'confidence'], 'INSERT OR IGNORE')
    const boxRows = new BatchInsert(db, 'boxes', ['image_id', 'class_id', 'source_id', 'confidence', 'x_min', 'x_max', 'y_min', 'y_max', 'is_occluded', 'is_truncated', 'is_group_of', 'is_depiction', 'is_inside'])
    for (let i = 1; i <= images; i++) {
      imageRows.addRow([i, i.toString(16).padStart(16, '0'), 'train'])
      for (let n = count(perImage.human); n > 0; n--, labels++) labelRows.addRow([i, drawClass(), rand() < 0.5 ? 1 : 2, rand() < 0.75 ? 1 : 0])
      for (let n = count(perImage.machine); n > 0; n--, labels++) labelRows.addRow([i, drawClass(), 3, Math.round(rand() * 10) / 10])
      for (let n = count(perImage.boxes); n > 0; n--, boxes++) {
        const x = rand() * 0.7
        const y = rand() * 0.7
        boxRows.addRow([i, 1 + Math.floor(rand() * rand() * 600), 1, 1, x, x + 0.05 + rand() * 0.25, y, y + 0.05 + rand() * 0.25, 0, 0, 0, 0, 0])
      }
    }
    for (const insert of [imageRows, labelRows, boxRows]) insert.flush()
  })()
  return { labels, boxes }
}
