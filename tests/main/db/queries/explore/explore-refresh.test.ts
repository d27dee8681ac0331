import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refreshClassStats } from '../../../../../src/main/db/queries/class-stats'
import { getClassDetail } from '../../../../../src/main/db/queries/explore/class-detail'
import { writeClassPairs } from '../../../../../src/main/db/queries/explore/class-pairs'
import { collectHumanPositiveLists, humanPositiveListsSql } from '../../../../../src/main/db/queries/explore/human-positive-lists'
import { agreementSql, refreshExploreStats, tuningCountsSql } from '../../../../../src/main/db/queries/explore/refresh-explore'
import { getShift, predictionClassCountsSql, predictionImagesSql } from '../../../../../src/main/db/queries/explore/shift'
import { jensenShannon, spearman } from '../../../../../src/shared/distribution-stats'
import { buildCatalog, type CatalogFixture } from '../catalog-fixture'
import { exploreOracle, type ExploreOracle } from './explore-oracle'

describe('explore refresh, shift and plans', () => {
  let f: CatalogFixture
  let o: ExploreOracle
  beforeAll(() => {
    f = buildCatalog(3, 400)
    refreshClassStats(f.db)
    refreshExploreStats(f.db)
    o = exploreOracle(f)
    f.db.prepare("INSERT INTO prediction_sets (id, name, kind, file, created_at) VALUES (1, 'sub', 'submission', 'x.csv', '')").run()
    const insert = f.db.prepare('INSERT INTO predictions (set_id, image_id, class_id, score) VALUES (1, ?, ?, 1)')
    for (const l of f.labels.filter((l) => l.source === 3 && l.confidence >= 0.5)) insert.run(l.imageId, l.classId)
  })
  afterAll(() => f.close())

  const pairs = () => f.db.prepare('SELECT a, b, images FROM class_pairs ORDER BY a, b').raw().all()

  it('counts the same pairs however small the partitions, both directions', () => {
    const whole = pairs()
    const expected: number[][] = []
    for (const a of f.classes) for (const b of f.classes) if (a.id !== b.id && o.pair(a.id, b.id) > 0) expected.push([a.id, b.id, o.pair(a.id, b.id)])
    expect(whole).toEqual(expected)
    f.db.exec('DELETE FROM class_pairs')
    writeClassPairs(f.db, collectHumanPositiveLists(f.db), 7)
    expect(pairs()).toEqual(whole)
    expect(getClassDetail(f.db, 2, 5)!.topByLift.length).toBeGreaterThan(0)
    expect(getClassDetail(f.db, 6, 5)!.agreement.some((a) => a.verifiedPresent + a.verifiedAbsent > 0)).toBe(true)
  })

  it('compares training with the tuning set and with a prediction set', () => {
    const side = (against: string) => {
      const perClass = new Map<number, number>()
      const images = new Set<number>()
      const rows = against === 'tuning' ? f.labels.filter((l) => l.source === 4) : f.labels.filter((l) => l.source === 3 && l.confidence >= 0.5)
      for (const l of rows) {
        perClass.set(l.classId, (perClass.get(l.classId) ?? 0) + 1)
        images.add(l.imageId)
      }
      return { perClass, images: images.size, labels: rows.length }
    }
    for (const against of ['tuning', 'sub']) {
      const other = side(against)
      const present = f.classes.filter((c) => o.stats.get(c.id)![0]! > 0 || (other.perClass.get(c.id) ?? 0) > 0)
      const train = present.map((c) => o.stats.get(c.id)![0]!)
      const theirs = present.map((c) => other.perClass.get(c.id) ?? 0)
      const rows = present.map((c, i) => {
        const trainShare = train[i]! / o.n
        const otherShare = theirs[i]! / other.images
        return { code: c.code, name: c.name, trainImages: train[i], otherImages: theirs[i], trainShare, otherShare, change: otherShare - trainShare }
      })
      rows.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.code < b.code ? -1 : 1))
      const shift = getShift(f.db, against, 10)
      expect(shift.rows).toEqual(rows.slice(0, 10))
      expect(shift.onlyInTrain).toBe(theirs.filter((n, i) => n === 0 && train[i]! > 0).length)
      expect(shift.onlyInOther).toBe(train.filter((n, i) => n === 0 && theirs[i]! > 0).length)
      expect(shift.rankCorrelation).toBeCloseTo(spearman(train, theirs), 12)
      expect(shift.jensenShannon).toBeCloseTo(jensenShannon(train, theirs), 12)
      const humanLabels = [...o.positives.values()].reduce((s, set) => s + set.size, 0)
      expect(shift.labelsPerImage).toEqual({ train: humanLabels / o.n, other: other.labels / other.images })
    }
    expect(() => getShift(f.db, 'nope', 10)).toThrow(expect.objectContaining({ code: 'not-found', where: 'against' }))
  })

  it('reads the big tables in index order: primary-key ranges and index seeks, no scans or sorts of labels', () => {
    const plan = (sql: string) =>
      (f.db.prepare(`EXPLAIN QUERY PLAN ${sql.replace(/^INSERT INTO [^)]*\)\s*/, '')}`).all(...(sql.includes('?') ? [1] : [])) as Array<{ detail: string }>).map((r) => r.detail).join('\n')
    expect(plan(humanPositiveListsSql)).toBe('SEARCH labels USING PRIMARY KEY (image_id>?)')
    const agreement = plan(agreementSql)
    expect(agreement).toMatch(/SEARCH h USING PRIMARY KEY \(image_id>\?\)/)
    expect(agreement).toMatch(/SEARCH m USING PRIMARY KEY \(image_id=\? AND class_id=\? AND source=\?\)/)
    expect(agreement).not.toMatch(/SCAN (h|m)\b/)
    expect(plan(tuningCountsSql)).toMatch(/SEARCH labels USING COVERING INDEX labels_by_class \(class_id=\? AND source=\?\)/)
    expect(plan(predictionClassCountsSql)).toMatch(/^SEARCH predictions USING COVERING INDEX predictions_by_class \(set_id=\?\)$/)
    expect(plan(predictionImagesSql)).toMatch(/^SEARCH predictions USING PRIMARY KEY \(set_id=\?\)$/)
    expect(plan('SELECT a, b, images FROM class_pairs WHERE a = ?')).toBe('SEARCH class_pairs USING PRIMARY KEY (a=?)')
  })
})
