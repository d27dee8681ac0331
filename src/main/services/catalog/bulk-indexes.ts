import type { Db } from '../../db/connection'

/**
 * Drops a table's secondary indexes for a bulk load and returns the function that builds them again
 * from the SQL sqlite_master kept (so they always match the migrations). Building an index once over
 * sorted data is much faster than keeping it up to date row by row. Runs inside the import's
 * transaction, so a crash restores the indexes with the rows.
 */
export function suspendIndexes(db: Db, table: string): () => void {
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL")
    .all(table) as Array<{ name: string; sql: string }>
  for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`)
  return () => {
    for (const { sql } of indexes) db.exec(sql)
  }
}
