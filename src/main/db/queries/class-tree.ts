import type { Db } from '../connection'

/**
 * The class and every class below it through `subcategory` edges (parts are not kinds of the class),
 * in ascending id order. One recursive walk over class_edges' primary key; cycles are harmless.
 */
export function subcategoryClosure(db: Db, classId: number): number[] {
  const rows = db
    .prepare(
      `WITH RECURSIVE below (id) AS (
         SELECT @classId
         UNION
         SELECT e.child_id FROM class_edges AS e JOIN below ON e.parent_id = below.id WHERE e.kind = 'subcategory'
       )
       SELECT id FROM below ORDER BY id`,
    )
    .pluck()
    .all({ classId }) as number[]
  return rows
}
