import { afterAll, describe, expect, it } from 'vitest'
import { listImages } from '../../../../src/main/db/queries/images'
import { ImageWindows } from '../../../../src/main/services/browse/image-windows'
import { imageFilterSchema, type ImageFilter } from '../../../../src/shared/api/images'
import { buildCatalog } from '../../db/queries/catalog-fixture'

/** Windows at any offset equal the same stretch of the keyset-paged listing. */
describe('ImageWindows', () => {
  const fixture = buildCatalog(11, 400)
  const windows = new ImageWindows(fixture.db)
  afterAll(() => fixture.db.close())

  const paged = (filter: ImageFilter): string[] => {
    const ids: string[] = []
    let cursor: string | null = null
    do {
      const page = listImages(fixture.db, { ...filter, cursor, limit: 37 })
      ids.push(...page.items.map((i) => i.imageId))
      cursor = page.nextCursor
    } while (cursor)
    return ids
  }

  const code = fixture.db.prepare('SELECT c.code FROM classes c JOIN labels l ON l.class_id = c.id WHERE l.source = 3 GROUP BY c.id ORDER BY count(*) DESC LIMIT 1').pluck().get() as string
  const filters: ImageFilter[] = [
    imageFilterSchema.parse({ onDisk: 'any' }),
    imageFilterSchema.parse({ onDisk: 'any', classCode: code, labelFilter: 'machine', minConfidence: 0.2, sort: 'confidence' }),
    imageFilterSchema.parse({ onDisk: 'any', classCode: code, labelFilter: 'any', split: 'train' }),
  ]

  it.each(filters.map((f, i) => [i, f] as const))('filter %i: windows match the paged listing at every offset', (_i, filter) => {
    const expected = paged(filter)
    expect(expected.length).toBeGreaterThan(5)
    for (const offset of [0, 1, Math.floor(expected.length / 2), expected.length - 3, expected.length, expected.length + 10]) {
      const window = windows.window(filter, offset, 25)
      expect(window.total).toBe(expected.length)
      expect(window.items.map((i) => i.imageId)).toEqual(expected.slice(offset, offset + 25))
    }
  })

  it('sees new images only after clear (the catalog changed)', () => {
    const filter = filters[0]!
    const before = windows.window(filter, 0, 1).total
    fixture.db.prepare("INSERT INTO images (image_key, split) VALUES ('ffffffffffffff00', 'train')").run()
    expect(windows.window(filter, 0, 1).total).toBe(before)
    windows.clear()
    expect(windows.window(filter, 0, 1).total).toBe(before + 1)
  })

  it('after an edit drops only the listings filtered by labels or boxes', () => {
    const [all, byClass] = [filters[0]!, filters[2]!]
    const before = { all: windows.window(all, 0, 1).total, byClass: windows.window(byClass, 0, 1).total }
    // A label of the class on an image that had none of it: the class's listing must grow, the unfiltered one cannot.
    const image = fixture.db.prepare("SELECT id FROM images WHERE split = 'train' AND id NOT IN (SELECT image_id FROM labels WHERE class_id = (SELECT id FROM classes WHERE code = ?)) LIMIT 1").pluck().get(code) as number
    fixture.db.prepare('INSERT INTO labels (image_id, class_id, source, confidence) VALUES (?, (SELECT id FROM classes WHERE code = ?), 1, 1)').run(image, code)
    fixture.db.prepare("INSERT INTO images (image_key, split) VALUES ('ffffffffffffff01', 'train')").run()
    windows.clearLabelFiltered()
    expect(windows.window(byClass, 0, 1).total).toBe(before.byClass + 1)
    expect(windows.window(all, 0, 1).total).toBe(before.all)
  })
})
