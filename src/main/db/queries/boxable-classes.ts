import type { BoxableClasses } from '../../../shared/api/index'
import type { Db } from '../connection'

/** The file of the last import of `kind` (as it was indexed), or null when none was imported. */
function lastImportedFile(db: Db, kind: string): string | null {
  return (db.prepare('SELECT file FROM imports WHERE kind = ? ORDER BY id DESC LIMIT 1').pluck().get(kind) as string | undefined) ?? null
}

/** Whether a boxable list (class-descriptions-boxable.csv) was ever indexed into the catalog. */
export function hasBoxableList(db: Db): boolean {
  return lastImportedFile(db, 'boxable-classes') !== null
}

/**
 * Where no boxable list was indexed (the challenge's own download had none), the classes with boxes are the
 * boxable ones: sets the flag from `class_stats`, so run it after refreshClassStats. A list, once indexed,
 * owns the flag (importing it replaces the set) and this leaves it alone. One pass over `classes` (~20 k rows).
 */
export function refreshBoxableClasses(db: Db): void {
  if (hasBoxableList(db)) return
  db.prepare('UPDATE classes SET boxable = EXISTS (SELECT 1 FROM class_stats AS s WHERE s.class_id = classes.id AND s.boxes > 0)').run()
}

/**
 * The classes the box stage may train on, by code: the boxable list's when one was indexed, else every class
 * (the stage keeps those with a usable box, so the boxes decide, edits included). Rows are id, code, name.
 */
export function boxStageCandidates(db: Db): Array<{ id: number; code: string; name: string }> {
  const where = hasBoxableList(db) ? 'WHERE boxable = 1' : ''
  return db.prepare(`SELECT id, code, name FROM classes ${where} ORDER BY code`).all() as Array<{ id: number; code: string; name: string }>
}

/** How many classes are boxable and where that set came from: the indexed list, the boxes, or neither. */
export function getBoxableClasses(db: Db): BoxableClasses {
  const count = db.prepare('SELECT count(*) FROM classes WHERE boxable = 1').pluck().get() as number
  const list = lastImportedFile(db, 'boxable-classes')
  if (list !== null) return { count, source: 'list', file: list }
  const boxes = lastImportedFile(db, 'boxes')
  if (boxes !== null || count > 0) return { count, source: 'boxes', file: boxes }
  return { count: 0, source: 'none', file: null }
}

/** The hierarchy file indexed last (bbox_labels_600_hierarchy.json), as indexed; null when none was. */
export function getHierarchyFile(db: Db): string | null {
  return lastImportedFile(db, 'hierarchy')
}
