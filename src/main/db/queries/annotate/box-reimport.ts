import type { Db } from '../../connection'

/**
 * What importing train_bounding_boxes.csv again must keep of the edits: the rows of boxes an edit
 * created or changed stay (with their ids, which the history names), and an imported row that is
 * the original of an edited or deleted box is not imported again (matched on image, class, source
 * and coordinates). Call `clearImported` in place of deleting every box, `skip` per parsed row
 * (`row`: image, class, source, confidence, 4 coordinates, 5 flags) and `done` after the last one.
 */
export interface BoxReimport {
  clearImported(): void
  skip(row: readonly number[]): boolean
  done(): void
}

export function boxReimport(db: Db): BoxReimport {
  const originals = new Map<number, Map<string, number>>()
  const rows = db.prepare("SELECT original FROM box_edits WHERE original IS NOT NULL").pluck().all() as string[]
  for (const text of rows) {
    const o = JSON.parse(text) as Record<string, number>
    const key = matchKey([o.image_id!, o.class_id!, o.source_id!, o.confidence!, o.x_min!, o.x_max!, o.y_min!, o.y_max!])
    const ofImage = originals.get(o.image_id!) ?? new Map<string, number>()
    ofImage.set(key, (ofImage.get(key) ?? 0) + 1)
    originals.set(o.image_id!, ofImage)
  }
  const highestEdited = db.prepare('SELECT max(box_id) FROM box_edits').pluck().get() as number | null
  let placeholder = false
  return {
    clearImported() {
      // Without edits, the unconditional DELETE is SQLite's truncate: no row-by-row work at 14.6 M boxes.
      db.prepare(highestEdited === null ? 'DELETE FROM boxes' : 'DELETE FROM boxes WHERE id NOT IN (SELECT box_id FROM box_edits)').run()
      // New rows take max(id) + 1: a placeholder at the highest edited id keeps a deleted box's id free for its revert.
      if (highestEdited !== null && db.prepare('SELECT 1 FROM boxes WHERE id = ?').get(highestEdited) === undefined) {
        db.prepare(
          `INSERT INTO boxes (id, image_id, class_id, source_id, confidence, x_min, x_max, y_min, y_max, is_occluded, is_truncated, is_group_of, is_depiction, is_inside)
           SELECT box_id, 0, 0, source_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 FROM box_edits WHERE box_id = ?`,
        ).run(highestEdited)
        placeholder = true
      }
    },
    skip(row) {
      const ofImage = originals.get(row[0]!)
      if (!ofImage) return false
      const key = matchKey(row)
      const left = ofImage.get(key) ?? 0
      if (left === 0) return false
      ofImage.set(key, left - 1)
      return true
    },
    done() {
      if (placeholder) db.prepare('DELETE FROM boxes WHERE id = ?').run(highestEdited)
    },
  }
}

const matchKey = (row: readonly number[]): string => row.slice(0, 8).join(':')
