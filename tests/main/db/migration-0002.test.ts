import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openCatalog } from '../../../src/main/db/connection'
import { migration as catalog } from '../../../src/main/db/migrations/0001-catalog'
import { tempDir } from '../../helpers/temp-dir'

describe('migration 0002 (explore)', () => {
  const temp = tempDir()
  afterAll(() => temp.remove())

  it('marks an already indexed catalog so its explore tables are filled on the next open', () => {
    const file = join(temp.dir, 'catalog.sqlite')
    const v1 = new Database(file)
    catalog.up(v1)
    v1.pragma('user_version = 1')
    v1.prepare("INSERT INTO imports (file, kind, rows, skipped, finished_at) VALUES ('x.csv', 'human-labels', 1, 0, 'now')").run()
    v1.close()
    const db = openCatalog(file)
    expect(db.prepare("SELECT value FROM meta WHERE key = 'stats.stale'").pluck().get()).toBe('1')
    db.close()
  })

  it('leaves an empty catalog alone', () => {
    const db = openCatalog(join(temp.dir, 'empty.sqlite'))
    expect(db.prepare("SELECT value FROM meta WHERE key = 'stats.stale'").pluck().get()).toBeUndefined()
    db.close()
  })
})
