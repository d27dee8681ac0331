import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openCatalog } from '../../../src/main/db/connection'
import { migrations } from '../../../src/main/db/migrations'
import { tempDir } from '../../helpers/temp-dir'

describe('catalog migrations', () => {
  const cleanups: Array<() => void> = []
  afterEach(() => cleanups.splice(0).forEach((f) => f()))

  function file(): string {
    const { dir, remove } = tempDir()
    cleanups.push(remove)
    return join(dir, 'catalog.sqlite')
  }

  it('creates the schema in WAL mode and records the version', () => {
    const db = openCatalog(file())
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()
    expect(tables).toEqual(expect.arrayContaining(['classes', 'class_edges', 'images', 'labels', 'boxes', 'class_stats', 'imports', 'meta']))
    db.close()
  })

  it('reopens an existing catalog without touching its rows', () => {
    const path = file()
    const db = openCatalog(path)
    db.prepare("INSERT INTO classes (code, name) VALUES ('/m/01g317', 'Person')").run()
    db.close()
    const again = openCatalog(path)
    expect(again.prepare('SELECT name FROM classes').pluck().all()).toEqual(['Person'])
    again.close()
  })

  it('refuses a catalog written by a newer oiw and leaves it unchanged', () => {
    const path = file()
    const raw = new Database(path)
    raw.pragma('user_version = 999')
    raw.close()
    expect(() => openCatalog(path)).toThrow(/schema version 999 is newer/)
    const check = new Database(path)
    expect(check.pragma('user_version', { simple: true })).toBe(999)
    check.close()
  })
})
