import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { confidenceBand, refreshClassStats } from '../../../../src/main/db/queries/class-stats'
import { subcategoryClosure } from '../../../../src/main/db/queries/class-tree'
import { buildCatalog, type CatalogFixture } from './catalog-fixture'
import { closure, expectedStats } from './oracle'

describe('class stats', () => {
  let f: CatalogFixture
  beforeAll(() => {
    f = buildCatalog(9, 300)
  })
  afterAll(() => f.close())

  const stored = (): Map<number, number[]> => {
    const rows = f.db
      .prepare('SELECT class_id, human_positive_images, human_negative_images, machine_images, tuning_images, boxes, box_images FROM class_stats')
      .raw()
      .all() as number[][]
    return new Map(rows.map(([classId, ...values]) => [classId!, values]))
  }

  it('counts images and labels per class, an image named by both human sources once', () => {
    const bothSources = f.labels.filter((l) => l.source === 2 && f.labels.some((o) => o.source === 1 && o.imageId === l.imageId && o.classId === l.classId && o.confidence === l.confidence))
    expect(bothSources.length).toBeGreaterThan(0)
    refreshClassStats(f.db)
    expect(stored()).toEqual(expectedStats(f))
  })

  it('bands machine labels by floor(confidence × 10), 1 in band 9', () => {
    refreshClassStats(f.db)
    const expected = new Map<string, number>()
    for (const l of f.labels.filter((label) => label.source === 3)) {
      const key = `${l.classId}:${Math.min(9, Math.floor(l.confidence * 10))}`
      expected.set(key, (expected.get(key) ?? 0) + 1)
    }
    const rows = f.db.prepare('SELECT class_id, band, labels FROM class_confidence_bands').all() as Array<{ class_id: number; band: number; labels: number }>
    expect(new Map(rows.map((r) => [`${r.class_id}:${r.band}`, r.labels]))).toEqual(expected)
    expect([0, 0.05, 0.1, 0.3, 0.7, 0.99, 1].map(confidenceBand)).toEqual([0, 0, 1, 3, 7, 9, 9])
  })

  it('replaces earlier stats, also inside the caller’s transaction', () => {
    f.db.prepare('DELETE FROM labels WHERE class_id = 2').run()
    f.db.prepare('DELETE FROM boxes WHERE class_id = 3').run()
    f.labels = f.labels.filter((l) => l.classId !== 2)
    f.boxes = f.boxes.filter((b) => b.classId !== 3)
    f.db.transaction(() => refreshClassStats(f.db))()
    expect(stored()).toEqual(expectedStats(f))
    expect(stored().get(2)!.slice(0, 4)).toEqual([0, 0, 0, 0])
  })

  it('walks subcategories, not parts, through every level', () => {
    expect(subcategoryClosure(f.db, 1)).toEqual([...closure(f, 1)].sort((a, b) => a - b))
    expect(subcategoryClosure(f.db, 1)).toContain(12)
    expect(subcategoryClosure(f.db, 1)).not.toContain(22)
    expect(subcategoryClosure(f.db, 23)).toEqual([23])
    expect(subcategoryClosure(f.db, 24)).toHaveLength(91)
  })
})
