import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCatalog, type Db } from '../../../src/main/db/connection'
import { tempDir } from '../../helpers/temp-dir'

/**
 * Every secondary index is used by the query it exists for (STYLE.md: assert the plan). The plans of
 * the statements the query modules build are asserted in queries/plans.test.ts.
 */
describe('catalog indexes', () => {
  let db: Db
  let remove: () => void
  beforeAll(() => {
    const temp = tempDir()
    remove = temp.remove
    db = openCatalog(join(temp.dir, 'catalog.sqlite'))
  })
  afterAll(() => {
    db.close()
    remove()
  })

  const plan = (sql: string): string =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((row) => row.detail).join('\n')

  it('labels_by_class serves images of a class', () => {
    expect(plan('SELECT image_id FROM labels WHERE class_id = 1 AND source IN (1, 2) AND confidence = 1')).toMatch(/USING (COVERING )?INDEX labels_by_class/)
  })

  it("edits_by_image serves an image's history, newest first, without sorting", () => {
    const sql = 'SELECT id FROM edits AS e WHERE e.image_id = 7 AND e.id < 100 ORDER BY e.id DESC LIMIT 10'
    expect(plan(sql)).toMatch(/USING COVERING INDEX edits_by_image \(image_id=\? AND id<\?\)/)
    expect(plan(sql)).not.toMatch(/TEMP B-TREE/)
  })

  it('boxes_by_image serves the boxes of an image', () => {
    expect(plan('SELECT * FROM boxes WHERE image_id = 7')).toMatch(/USING INDEX boxes_by_image/)
  })

  it('boxes_by_class serves images with boxes of a class', () => {
    expect(plan('SELECT image_id FROM boxes WHERE class_id = 3')).toMatch(/USING COVERING INDEX boxes_by_class/)
  })

  it('images_by_split serves a split in catalog order', () => {
    expect(plan("SELECT id FROM images WHERE split = 'train' AND id > 10 ORDER BY id LIMIT 5")).toMatch(/USING COVERING INDEX images_by_split/)
  })

  it('labels_by_class serves a confidence range of a class, highest first, without sorting', () => {
    const sql = 'SELECT image_id FROM labels WHERE class_id = 1 AND source = 3 AND confidence BETWEEN 0.2 AND 0.8 ORDER BY confidence DESC, image_id DESC LIMIT 5'
    expect(plan(sql)).toMatch(/USING COVERING INDEX labels_by_class \(class_id=\? AND source=\? AND confidence>\? AND confidence<\?\)/)
    expect(plan(sql)).not.toMatch(/TEMP B-TREE/)
  })

  it('classes_by_name and classes_by_code serve case-insensitive prefix searches', () => {
    expect(plan("SELECT id FROM classes WHERE name LIKE 'ca%'")).toMatch(/USING (COVERING )?INDEX classes_by_name \(name>\? AND name<\?\)/)
    expect(plan("SELECT id FROM classes WHERE code LIKE '/m/0%'")).toMatch(/USING (COVERING )?INDEX classes_by_code \(code>\? AND code<\?\)/)
  })

  it('images_by_path serves a file lookup and the images without a file', () => {
    expect(plan("SELECT id FROM images WHERE root_id = 1 AND path = 'train/a.jpg'")).toMatch(/USING COVERING INDEX images_by_path \(root_id=\? AND path=\?\)/)
    expect(plan('SELECT count(*) FROM images WHERE root_id IS NULL AND path IS NULL')).toMatch(/USING COVERING INDEX images_by_path \(root_id=\? AND path=\?\)/)
  })

  it('predictions_by_class serves the scores of a class in one prediction set', () => {
    expect(plan('SELECT score FROM predictions WHERE set_id = 1 AND class_id = 2 ORDER BY score DESC')).toMatch(/USING COVERING INDEX predictions_by_class \(set_id=\? AND class_id=\?\)/)
  })

  it('the labels primary key serves the labels of an image', () => {
    expect(plan('SELECT class_id FROM labels WHERE image_id = 7')).toMatch(/USING PRIMARY KEY \(image_id=\?\)/)
  })
  it("training_checkpoints_by_run serves a run's checkpoints of a stage", () => {
    expect(plan('SELECT * FROM training_checkpoints WHERE run_id = 1 AND stage_index = 0 AND best = 1')).toMatch(/USING INDEX training_checkpoints_by_run/)
  })

  it('training_logs_by_run serves the newest log lines of a run', () => {
    expect(plan('SELECT * FROM training_logs WHERE run_id = 1 ORDER BY at DESC LIMIT 10')).toMatch(/USING INDEX training_logs_by_run/)
  })
})
