import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refreshClassStats } from '../../../../src/main/db/queries/class-stats'
import { classIdByCode, listClasses } from '../../../../src/main/db/queries/classes'
import { buildCatalog, type CatalogFixture, type FixtureClass } from './catalog-fixture'
import { expectedStats } from './oracle'

describe('class listing', () => {
  let f: CatalogFixture
  let stats: Map<number, number[]>
  beforeAll(() => {
    f = buildCatalog(13, 300)
    refreshClassStats(f.db)
    stats = expectedStats(f)
  })
  afterAll(() => f.close())

  /** Both tiers by brute force: prefix of name or code, then name contains; most human positives first. */
  const expected = (query: string, unknownOnly = false): string[] => {
    const q = query.toLowerCase()
    const order = (a: FixtureClass, b: FixtureClass): number =>
      stats.get(b.id)![0]! - stats.get(a.id)![0]! ||
      stats.get(b.id)![5]! - stats.get(a.id)![5]! ||
      (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0) ||
      (a.code < b.code ? -1 : 1)
    const pool = f.classes.filter((c) => !unknownOnly || !c.described)
    const prefix = pool.filter((c) => c.name.toLowerCase().startsWith(q) || c.code.toLowerCase().startsWith(q))
    const contains = pool.filter((c) => !prefix.includes(c) && c.name.toLowerCase().includes(q))
    return [...prefix.sort(order), ...contains.sort(order)].map((c) => c.code)
  }

  it.each(['', 'ca', 'CA', 'c', 'T', '/m/0t', '/M/0T1', '100%', '%', '_', '0%_', 'a', 'ar', 'zzz', '\\'])('matches %j by prefix, then contains', (query) => {
    const all = expected(query)
    for (const limit of [1, 3, 50]) {
      const page = listClasses(f.db, { query, limit, unknownOnly: false })
      expect(page.items.map((c) => c.code)).toEqual(all.slice(0, limit))
      expect(page.total).toBe(all.length)
    }
  })

  it('lists only unknown classes when asked', () => {
    expect(listClasses(f.db, { query: '', limit: 50, unknownOnly: true }).items.map((c) => c.code)).toEqual(expected('', true))
    expect(expected('', true)).toEqual([f.classes[24]!.code])
    expect(listClasses(f.db, { query: 'ca', limit: 50, unknownOnly: true })).toEqual({ items: [], total: 0 })
  })

  it('returns every field of a class with its aggregates', () => {
    const [record] = listClasses(f.db, { query: f.classes[0]!.code, limit: 1, unknownOnly: false }).items
    const [hp, hn, machine, tuning, boxes, boxImages] = stats.get(1)!
    expect(record).toEqual({
      code: f.classes[0]!.code,
      name: 'Animal',
      boxable: false,
      trainable: false,
      described: true,
      humanPositiveImages: hp,
      humanNegativeImages: hn,
      machineImages: machine,
      tuningImages: tuning,
      boxes,
      boxImages,
    })
    expect(listClasses(f.db, { query: '', limit: 50, unknownOnly: true }).items[0]!.described).toBe(false)
  })

  it('finds a class id by code', () => {
    expect(classIdByCode(f.db, f.classes[4]!.code)).toBe(5)
    expect(classIdByCode(f.db, '/m/0nosuch')).toBeNull()
  })
})
