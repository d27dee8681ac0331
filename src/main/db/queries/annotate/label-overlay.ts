import type { Verdict } from '../../../../shared/api/index'
import { labelSourceId } from '../../../../shared/labels'
import type { Db } from '../../connection'
import { statement } from '../../statements'

const verification = labelSourceId('verification')
export const humanSourceList = `${verification}, ${labelSourceId('crowdsource-verification')}`

const verdictValue = (verdict: Verdict): number | null => (verdict === 'present' ? 1 : verdict === 'absent' ? 0 : null)
const verdictOf = (value: number | null): Verdict => (value === 1 ? 'present' : value === 0 ? 'absent' : 'none')

/** The verdict edits set on (image, class), or null when no edit touched it (its imported labels hold). */
export function editedVerdict(db: Db, imageId: number, classId: number): Verdict | null {
  const row = statement(db, 'SELECT verdict FROM label_verdicts WHERE image_id = ? AND class_id = ?').get(imageId, classId) as
    | { verdict: number | null }
    | undefined
  return row ? verdictOf(row.verdict) : null
}

/**
 * The human verdict (image, class) has now: `mixed` when its two imported human sources disagree.
 * Edits that would set the verdict it already has are skipped.
 */
export function currentVerdict(db: Db, imageId: number, classId: number): Verdict | 'mixed' {
  const edited = editedVerdict(db, imageId, classId)
  if (edited !== null) return edited
  const values = statement(db, `SELECT DISTINCT confidence FROM labels WHERE image_id = ? AND class_id = ? AND source IN (${humanSourceList})`)
    .pluck()
    .all(imageId, classId) as number[]
  if (values.length === 0) return 'none'
  if (values.length > 1) return 'mixed'
  return values[0] === 1 ? 'present' : 'absent'
}

/**
 * Makes `verdict` the one human label of (image, class): the first edit moves the imported human rows
 * to label_originals (kept as imported), later ones replace the edit's own row.
 */
export function setVerdict(db: Db, imageId: number, classId: number, verdict: Verdict): void {
  if (editedVerdict(db, imageId, classId) === null) {
    statement(db, 
      `INSERT INTO label_originals (image_id, class_id, source, confidence)
       SELECT image_id, class_id, source, confidence FROM labels WHERE image_id = ? AND class_id = ? AND source IN (${humanSourceList})`,
    ).run(imageId, classId)
  }
  statement(db, `DELETE FROM labels WHERE image_id = ? AND class_id = ? AND source IN (${humanSourceList})`).run(imageId, classId)
  const value = verdictValue(verdict)
  if (value !== null) statement(db, 'INSERT INTO labels (image_id, class_id, source, confidence) VALUES (?, ?, ?, ?)').run(imageId, classId, verification, value)
  statement(db, 
    'INSERT INTO label_verdicts (image_id, class_id, verdict) VALUES (?, ?, ?) ON CONFLICT (image_id, class_id) DO UPDATE SET verdict = excluded.verdict',
  ).run(imageId, classId, value)
}

/** Undoes every edit of (image, class): its imported human rows come back as they were. */
export function restoreImportedLabels(db: Db, imageId: number, classId: number): void {
  statement(db, `DELETE FROM labels WHERE image_id = ? AND class_id = ? AND source IN (${humanSourceList})`).run(imageId, classId)
  statement(db, 
    `INSERT INTO labels (image_id, class_id, source, confidence)
     SELECT image_id, class_id, source, confidence FROM label_originals WHERE image_id = ? AND class_id = ?`,
  ).run(imageId, classId)
  statement(db, 'DELETE FROM label_originals WHERE image_id = ? AND class_id = ?').run(imageId, classId)
  statement(db, 'DELETE FROM label_verdicts WHERE image_id = ? AND class_id = ?').run(imageId, classId)
}

/**
 * After the human labels file was imported again (its rows replaced): takes the fresh imported rows
 * of every edited (image, class) out of labels into label_originals and puts the edits' verdicts back.
 * Set-based: a few statements whatever the number of edits.
 */
export function reapplyLabelVerdicts(db: Db): number {
  db.exec(`
    DELETE FROM label_originals;
    INSERT INTO label_originals (image_id, class_id, source, confidence)
      SELECT l.image_id, l.class_id, l.source, l.confidence FROM label_verdicts AS v
      JOIN labels AS l ON l.image_id = v.image_id AND l.class_id = v.class_id AND l.source IN (${humanSourceList});
    DELETE FROM labels WHERE (image_id, class_id, source) IN (SELECT image_id, class_id, source FROM label_originals);
    INSERT OR REPLACE INTO labels (image_id, class_id, source, confidence)
      SELECT image_id, class_id, ${verification}, verdict FROM label_verdicts WHERE verdict IS NOT NULL;
  `)
  return statement(db, 'SELECT count(*) FROM label_verdicts').pluck().get() as number
}
