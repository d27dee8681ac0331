import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openCatalog } from '../../../src/main/db/connection'
import { migrations } from '../../../src/main/db/migrations'
import { tempDir } from '../../helpers/temp-dir'

describe('migration 0007 (sample images)', () => {
  const temp = tempDir()
  afterAll(() => temp.remove())

  it('credits the test images of a catalog indexed before it to every sample indexed, so the next import of one can replace them', () => {
    const file = join(temp.dir, 'catalog.sqlite')
    const v6 = new Database(file)
    for (const step of migrations.filter((m) => m.version <= 6)) step.up(v6)
    v6.pragma('user_version = 6')
    const image = v6.prepare('INSERT INTO images (id, image_key, split) VALUES (?, ?, ?)')
    image.run(1, 'e'.repeat(24), 'test')
    image.run(2, 'd'.repeat(24), 'tuning')
    image.run(3, 'a'.repeat(16), 'train')
    image.run(4, 'c'.repeat(24), 'test')
    const imported = v6.prepare("INSERT INTO imports (file, kind, rows, skipped, finished_at) VALUES (?, ?, 1, 0, 'now')")
    imported.run('/data/stage_1_sample_submission.csv', 'sample-submission')
    imported.run('/data/stage_1_sample_submission.csv', 'sample-submission')
    imported.run('/data/stage_2_sample_submission.csv', 'sample-submission')
    imported.run('/data/train_human_labels.csv', 'human-labels')
    v6.close()
    const db = openCatalog(file)
    expect(db.prepare('SELECT sample, image_id FROM sample_images ORDER BY 1, 2').raw().all()).toEqual([
      ['/data/stage_1_sample_submission.csv', 1],
      ['/data/stage_1_sample_submission.csv', 4],
      ['/data/stage_2_sample_submission.csv', 1],
      ['/data/stage_2_sample_submission.csv', 4],
    ])
    db.close()
  })
})
