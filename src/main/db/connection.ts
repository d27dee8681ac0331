import Database from 'better-sqlite3'
import { migrate } from './migrations'

export type Db = Database.Database

/**
 * Opens (creating if needed) a catalog file in WAL mode and brings its schema up to date.
 * synchronous=NORMAL is safe with WAL (a crash loses at most the last commits, never corrupts);
 * writers that must be durable on acknowledgement set FULL for their own transaction.
 */
export function openCatalog(file: string, options: { readonly?: boolean } = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false })
  db.pragma('busy_timeout = 5000')
  if (!options.readonly) {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    migrate(db)
  }
  db.pragma('cache_size = -65536')
  db.pragma('temp_store = MEMORY')
  return db
}
