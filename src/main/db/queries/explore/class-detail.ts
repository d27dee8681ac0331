import type { ClassDetail, RelatedClass } from '../../../../shared/api/stats'
import type { Db } from '../../connection'
import { getClassRow } from './class-table'
import { getExploreTotals } from './refresh-explore'

type Named = { code: string; name: string }

/** Classes whose human-positive images overlap the class's, from class_pairs' primary key (a = the class). */
const relatedSql = (order: string, minImages: number): string =>
  `SELECT c.code, c.name, p.images, CAST(p.images AS REAL) * @n / (@na * s.human_positive_images) AS lift
   FROM class_pairs AS p JOIN class_stats AS s ON s.class_id = p.b JOIN classes AS c ON c.id = p.b
   WHERE p.a = @id AND p.images >= ${minImages} ORDER BY ${order}, c.name, c.id LIMIT @top`

/** Pairs with fewer shared images are left out of topByLift: their lift is mostly noise. */
export const minImagesForLift = 5

/**
 * Everything about one class (null for an unknown id): its table row, machine confidence bands and
 * their agreement with human verdicts, the classes that co-occur with it most often and most
 * surprisingly (lift = n_ab·N / (n_a·n_b), N = images with any human-positive label), and its place
 * in the hierarchy. All from the tables refreshExploreStats writes; a few ms at full scale.
 */
export function getClassDetail(db: Db, classId: number, top: number): ClassDetail | null {
  const row = getClassRow(db, classId)
  if (!row) return null
  const confidenceBands = Array.from({ length: 10 }, () => 0)
  for (const { band, labels } of db.prepare('SELECT band, labels FROM class_confidence_bands WHERE class_id = ?').all(classId) as Array<{ band: number; labels: number }>) {
    confidenceBands[band] = labels
  }
  const agreement = confidenceBands.map((_, band) => ({ band, verifiedPresent: 0, verifiedAbsent: 0 }))
  const agreed = db.prepare('SELECT band, verified_present AS p, verified_absent AS a FROM class_agreement WHERE class_id = ?').all(classId) as Array<{ band: number; p: number; a: number }>
  for (const { band, p, a } of agreed) agreement[band] = { band, verifiedPresent: p, verifiedAbsent: a }
  const params = { id: classId, n: getExploreTotals(db).humanPositiveImages, na: row.humanPositive, top }
  const related = (sql: string): RelatedClass[] =>
    row.humanPositive === 0
      ? []
      : (db.prepare(sql).all(params) as Array<Omit<RelatedClass, 'pmi'>>).map((r) => ({ ...r, pmi: Math.log2(r.lift) }))
  return {
    row,
    confidenceBands,
    agreement,
    topByCount: related(relatedSql('p.images DESC', 1)),
    topByLift: related(relatedSql('lift DESC, p.images DESC', minImagesForLift)),
    ancestors: ancestorsOf(db, classId),
    children: edgesOf(db, classId, 'subcategory'),
    parts: edgesOf(db, classId, 'part'),
  }
}

/** The subcategory path from the root down to the class's parent; where a class has several parents, the lowest id. */
function ancestorsOf(db: Db, classId: number): Named[] {
  const parentOf = db.prepare(
    "SELECT c.id, c.code, c.name FROM class_edges AS e JOIN classes AS c ON c.id = e.parent_id WHERE e.child_id = ? AND e.kind = 'subcategory' ORDER BY e.parent_id LIMIT 1",
  )
  const path: Named[] = []
  const seen = new Set([classId])
  for (let id = classId; ; ) {
    const parent = parentOf.get(id) as (Named & { id: number }) | undefined
    if (!parent || seen.has(parent.id)) break
    seen.add(parent.id)
    path.unshift({ code: parent.code, name: parent.name })
    id = parent.id
  }
  return path
}

/** Subcategories or parts directly below the class, by name. */
function edgesOf(db: Db, classId: number, kind: 'subcategory' | 'part'): Named[] {
  return db
    .prepare('SELECT c.code, c.name FROM class_edges AS e JOIN classes AS c ON c.id = e.child_id WHERE e.parent_id = ? AND e.kind = ? ORDER BY c.name, c.id')
    .all(classId, kind) as Named[]
}
