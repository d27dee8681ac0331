import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refreshClassStats } from '../../../../../src/main/db/queries/class-stats'
import { getClassDetail } from '../../../../../src/main/db/queries/explore/class-detail'
import { getClassTable, getLongTail } from '../../../../../src/main/db/queries/explore/class-table'
import { getCooccurrence } from '../../../../../src/main/db/queries/explore/cooccurrence'
import { getLabelsPerImage } from '../../../../../src/main/db/queries/explore/labels-per-image'
import { refreshExploreStats } from '../../../../../src/main/db/queries/explore/refresh-explore'
import { getSamplingPreview } from '../../../../../src/main/db/queries/explore/sampling-preview'
import { apiMethods, type ParsedArgsOf } from '../../../../../src/shared/api/index'
import { expectedShares } from '../../../../../src/shared/sampling'
import { buildCatalog, type CatalogFixture } from '../catalog-fixture'
import { exploreOracle, type ExploreOracle } from './explore-oracle'

describe('explore queries against brute force', () => {
  let f: CatalogFixture
  let o: ExploreOracle
  beforeAll(() => {
    f = buildCatalog(11, 500)
    // a class both human sources name on one image, so the pass must count it once
    const twice = f.labels.find((l) => l.source === 1 && l.confidence === 1)!
    f.db.prepare('INSERT OR REPLACE INTO labels (image_id, class_id, source, confidence) VALUES (?, ?, 2, 1)').run(twice.imageId, twice.classId)
    f.labels.push({ ...twice, source: 2 })
    refreshClassStats(f.db)
    refreshExploreStats(f.db)
    o = exploreOracle(f)
  })
  afterAll(() => f.close())

  const cls = (id: number) => f.classes[id - 1]!
  const table = (args: Partial<ParsedArgsOf<'stats.classTable'>>) => getClassTable(f.db, apiMethods['stats.classTable'].args.parse(args))

  it('ranks, filters, sorts and pages the class table', () => {
    const all = table({ limit: 1000 })
    expect(all.total).toBe(f.classes.length)
    expect(all.items.map((r) => r.code)).toEqual(o.ranked.map((id) => cls(id).code))
    for (const [i, row] of all.items.entries()) {
      const id = o.ranked[i]!
      const [hp, hn, , tuning, boxes, boxImages] = o.stats.get(id)!
      expect(row).toEqual({
        code: cls(id).code, name: cls(id).name, rank: i + 1, humanPositive: hp, humanNegative: hn, machine: o.machineAtOrAbove(id, 5),
        boxes, boxImages, tuning, share: hp! / o.n, boxable: false, trainable: false,
      })
    }
    const filtered = table({ query: 'CA', sort: 'machine', descending: true, minMachineConfidence: 0.3, offset: 1, limit: 3 })
    const matching = o.ranked.filter((id) => cls(id).name.toLowerCase().includes('ca') || cls(id).code.includes('ca'))
    const expected = matching
      .map((id) => ({ id, machine: o.machineAtOrAbove(id, 3), rank: o.ranked.indexOf(id) + 1 }))
      .sort((a, b) => b.machine - a.machine || a.rank - b.rank)
    expect(filtered.total).toBe(matching.length)
    expect(filtered.items.map((r) => [r.code, r.machine, r.rank])).toEqual(expected.slice(1, 4).map((e) => [cls(e.id).code, e.machine, e.rank]))
    expect(table({ sort: 'name', limit: 3 }).items.map((r) => r.name)).toEqual(f.classes.map((c) => c.name).sort().slice(0, 3))
  })

  it('lists every class with a non-zero count per source, most frequent first', () => {
    for (const [source, column] of [['human', 0], ['machine', 2], ['tuning', 3], ['boxes', 4]] as const) {
      const expected = f.classes
        .filter((c) => o.stats.get(c.id)![column]! > 0)
        .sort((a, b) => o.stats.get(b.id)![column]! - o.stats.get(a.id)![column]! || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id))
      expect(getLongTail(f.db, source).points).toEqual(expected.map((c, i) => ({ code: c.code, name: c.name, rank: i + 1, count: o.stats.get(c.id)![column] })))
    }
  })

  it('stores the labels-per-image histograms and means', () => {
    const check = (source: 'human' | 'tuning', counts: number[]) => {
      const bins = Array.from({ length: 21 }, (_, labels) => ({ labels, images: counts.filter((n) => Math.min(n, 20) === labels).length }))
      expect(getLabelsPerImage(f.db, source)).toEqual({ source, bins, mean: counts.reduce((a, b) => a + b, 0) / counts.length })
    }
    check('human', [...o.humanImages].map((id) => o.positives.get(id)!.size))
    check('tuning', [...o.tuningPerImage.values()])
  })

  it('details a class: bands, agreement, related classes and hierarchy', () => {
    for (const id of [1, 2, 5, 6, 22]) {
      const detail = getClassDetail(f.db, id, 4)!
      expect(detail.row).toEqual(table({ limit: 1000 }).items.find((r) => r.code === cls(id).code))
      expect(detail.confidenceBands).toEqual(Array.from({ length: 10 }, (_, b) => o.machineAtOrAbove(id, b) - o.machineAtOrAbove(id, b + 1)))
      expect(detail.agreement).toEqual(o.agreement(id))
      const na = o.stats.get(id)![0]!
      const related = f.classes
        .filter((c) => c.id !== id && o.pair(id, c.id) > 0)
        .map((c) => {
          const lift = (o.pair(id, c.id) * o.n) / (na * o.stats.get(c.id)![0]!)
          return { code: c.code, name: c.name, images: o.pair(id, c.id), lift, pmi: Math.log2(lift), id: c.id }
        })
      const byName = (a: { name: string; id: number }, b: { name: string; id: number }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id)
      const strip = (rows: typeof related) => rows.slice(0, 4).map(({ id: _, ...r }) => r)
      expect(detail.topByCount).toEqual(strip([...related].sort((a, b) => b.images - a.images || byName(a, b))))
      const lifted = related.filter((r) => r.images >= 5).sort((a, b) => b.lift - a.lift || b.images - a.images || byName(a, b))
      expect(detail.topByLift.map((r) => r.code)).toEqual(strip(lifted).map((r) => r.code))
      for (const [i, r] of detail.topByLift.entries()) expect(r.lift).toBeCloseTo(lifted[i]!.lift, 12)
    }
    expect(getClassDetail(f.db, 12, 3)).toMatchObject({ ancestors: [1, 2, 5, 10].map((id) => ({ code: cls(id).code, name: cls(id).name })) })
    expect(getClassDetail(f.db, 1, 3)).toMatchObject({ ancestors: [], parts: [{ code: cls(22).code }], children: [2, 3, 4].map((id) => ({ code: cls(id).code, name: cls(id).name })).sort((a, b) => (a.name < b.name ? -1 : 1)) })
    expect(getClassDetail(f.db, 9999, 3)).toBeNull()
  })

  it('builds the co-occurrence matrix of the top classes or of the classes given', () => {
    const top = getCooccurrence(f.db, 6, null)
    const ids = o.ranked.slice(0, 6)
    expect(top.classes).toEqual(ids.map((id) => ({ code: cls(id).code, name: cls(id).name, images: o.stats.get(id)![0] })))
    expect(top.images).toEqual(ids.map((a) => ids.map((b) => (a === b ? o.stats.get(a)![0] : o.pair(a, b)))))
    const given = getCooccurrence(f.db, 50, [cls(7).code, cls(2).code])
    expect(given.images).toEqual([[o.stats.get(7)![0], o.pair(7, 2)], [o.pair(2, 7), o.stats.get(2)![0]]])
    expect(() => getCooccurrence(f.db, 50, [cls(2).code, '/m/nothing'])).toThrow(expect.objectContaining({ code: 'not-found', where: 'classCodes' }))
  })

  it('previews sampling shares with the shared weighting function', () => {
    const present = f.classes.filter((c) => o.stats.get(c.id)![0]! > 0).sort((a, b) => o.stats.get(b.id)![0]! - o.stats.get(a.id)![0]! || (a.name < b.name ? -1 : 1))
    const counts = present.map((c) => o.stats.get(c.id)![0]!)
    const total = counts.reduce((a, b) => a + b, 0)
    const shares = expectedShares(counts, 'sqrt')
    expect(getSamplingPreview(f.db, 'sqrt', 0.9, 5)).toEqual({
      scheme: 'sqrt',
      rows: present.slice(0, 5).map((c, i) => ({ code: c.code, name: c.name, images: counts[i], naturalShare: counts[i]! / total, expectedShare: shares[i] })),
    })
  })
})
