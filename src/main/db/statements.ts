import type { Statement } from 'better-sqlite3'
import type { Db } from './connection'

const caches = new WeakMap<Db, Map<string, Statement>>()

/**
 * The prepared statement for `sql` on this connection, prepared once. For statements run per row of a
 * hot path (an edit request runs about 15 per label it sets: preparing each anew was half its time).
 */
export function statement(db: Db, sql: string): Statement {
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = new Map()))
  let prepared = cache.get(sql)
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)))
  return prepared
}
