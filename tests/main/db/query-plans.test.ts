import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCatalog, type Db } from '../../../src/main/db/connection'
import { tempDir } from '../../helpers/temp-dir'

/** Every secondary index is used by the query it exists for (STYLE.md: assert the plan). */
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

  it('boxes_by_image serves the boxes of an image', () => {
    expect(plan('SELECT * FROM boxes WHERE image_id = 7')).toMatch(/USING INDEX boxes_by_image/)
  })

  it('boxes_by_class serves images with boxes of a class', () => {
    expect(plan('SELECT image_id FROM boxes WHERE class_id = 3')).toMatch(/USING COVERING INDEX boxes_by_class/)
  })

  it('images_by_split serves a split in catalog order', () => {
    expect(plan("SELECT id FROM images WHERE split = 'train' AND id > 10 ORDER BY id LIMIT 5")).toMatch(/USING COVERING INDEX images_by_split/)
  })

  it('the labels primary key serves the labels of an image', () => {
    expect(plan('SELECT class_id FROM labels WHERE image_id = 7')).toMatch(/USING PRIMARY KEY \(image_id=\?\)/)
  })
})
