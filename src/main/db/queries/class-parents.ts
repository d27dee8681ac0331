import type { Db } from '../connection'

/** Each class's parent classes (subcategory edges of the hierarchy), by code; empty when the catalog has no hierarchy. */
export function readClassParents(db: Db): Map<string, string[]> {
  const rows = db
    .prepare(
      `SELECT child.code, parent.code FROM class_edges e
       JOIN classes child ON child.id = e.child_id JOIN classes parent ON parent.id = e.parent_id
       WHERE e.kind = 'subcategory' ORDER BY child.code, parent.code`,
    )
    .raw()
    .all() as Array<[string, string]>
  const parents = new Map<string, string[]>()
  for (const [child, parent] of rows) {
    const list = parents.get(child)
    if (list) list.push(parent)
    else parents.set(child, [parent])
  }
  return parents
}
