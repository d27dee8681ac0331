import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refreshClassStats } from '../../../../src/main/db/queries/class-stats'
import { listClasses } from '../../../../src/main/db/queries/classes'
import { countImages, listImages } from '../../../../src/main/db/queries/images'
import { getCatalogSummary } from '../../../../src/main/db/queries/summary'
import type { Db } from '../../../../src/main/db/connection'
import { imageLabelFilters } from '../../../../src/shared/api/images'
import { buildCatalog, type CatalogFixture } from './catalog-fixture'
import { imageQuery, type QueryInput } from './oracle'
import { loggingDb, planOf, type LoggedQuery } from './query-log'

/**
 * The plans of the statements the query functions actually run (STYLE.md: assert the plan). Class
 * filters must be served by labels_by_class / boxes_by_class, never a scan of images, labels or boxes.
 */
describe('query plans of the query functions', () => {
  let f: CatalogFixture
  beforeAll(() => {
    f = buildCatalog(5, 120)
    refreshClassStats(f.db)
  })
  afterAll(() => f.close())

  /** The plans of every statement `run` executes, keyed by its SQL. */
  const plans = (run: (db: Db) => unknown): Array<{ sql: string; plan: string }> => {
    const log: LoggedQuery[] = []
    run(loggingDb(f.db, log))
    return log.map((query) => ({ sql: query.sql, plan: planOf(f.db, query) }))
  }
  const fullScan = /\bSCAN (images|labels|boxes|i|l|b)\b/
  const code = (id: number): string => f.classes[id - 1]!.code
  /** The page (or count) statement: the one that joins label or box ranges to images. */
  const listing = (input: QueryInput, count = false) =>
    plans((db) => (count ? countImages : listImages)(db, imageQuery(input))).filter((p) => p.sql.includes('CROSS JOIN images'))

  describe.each(imageLabelFilters)('class filter %s', (labelFilter) => {
    it.each([
      ['one class', false],
      ['with subcategories', true],
    ])('%s drives from the class indexes, in both orders and for the count', (_, includeDescendants) => {
      const inputs: QueryInput[] = (['id', 'confidence'] as const).map((sort) => ({
        classCode: code(1), includeDescendants, labelFilter, sort, split: 'train', hasBoxes: true, onDisk: 'yes', hasLabels: true,
      }))
      const all = [...inputs.flatMap((input) => listing(input)), ...listing(inputs[0]!, true)]
      expect(all.length).toBeGreaterThan(0)
      for (const { plan } of all) {
        expect(plan).toMatch(/USING COVERING INDEX (labels_by_class|boxes_by_class)/)
        expect(plan).toMatch(/SEARCH i USING INTEGER PRIMARY KEY \(rowid=\?\)/)
        expect(plan).not.toMatch(fullScan)
      }
    })
  })

  it('merges ordered ranges without sorting: a page reads about `limit` entries per range', () => {
    const shapes: QueryInput[] = [
      { classCode: code(1) },
      { classCode: code(1), labelFilter: 'human-negative' },
      { classCode: code(1), labelFilter: 'machine', minConfidence: 0.2, maxConfidence: 0.8 },
      { classCode: code(2), labelFilter: 'box' },
      { classCode: code(1), labelFilter: 'any' },
      { classCode: code(2), includeDescendants: true },
      { classCode: code(1), sort: 'confidence' },
      { classCode: code(1), labelFilter: 'machine', sort: 'confidence' },
      { classCode: code(6), labelFilter: 'machine', sort: 'confidence' },
      { classCode: code(1), labelFilter: 'any', sort: 'confidence' },
      { classCode: code(2), includeDescendants: true, labelFilter: 'machine', sort: 'confidence' },
    ]
    const rangeSeek = /^SEARCH (l USING COVERING INDEX labels_by_class \(class_id=\? AND source=\? AND .*(image_id[<>]\?|\(confidence,image_id\)<\(\?,\?\))\)|b USING COVERING INDEX boxes_by_class \(class_id=\? AND image_id[<>]\?\))$/
    for (const input of shapes) {
      for (const { plan } of listing(input)) {
        expect(plan, JSON.stringify(input)).not.toMatch(/TEMP B-TREE/)
        const ranges = plan.split('\n').filter((line) => /^SEARCH [lb] /.test(line))
        expect(ranges.length).toBeGreaterThan(0)
        for (const line of ranges) expect(line, JSON.stringify(input)).toMatch(rangeSeek)
      }
    }
    expect(listing({ classCode: code(1) })[0]!.plan).toMatch(/MERGE \(UNION\)/)
  })

  it('without a class walks images by primary key or images_by_split, with index probes for boxes and labels', () => {
    const page = (input: QueryInput) => plans((db) => listImages(db, imageQuery(input)))[0]!.plan
    expect(page({ onDisk: 'any' })).toMatch(/SEARCH i USING INTEGER PRIMARY KEY \(rowid>\?\)/)
    expect(page({ split: 'train', onDisk: 'no' })).toMatch(/SEARCH i USING INDEX images_by_split \(split=\? AND id>\?\)/)
    expect(page({ hasBoxes: true })).toMatch(/SEARCH hb EXISTS USING COVERING INDEX boxes_by_image \(image_id=\?\)/)
    const unlabelled = page({ hasLabels: false })
    expect(unlabelled).toMatch(/SEARCH hl USING PRIMARY KEY \(image_id=\?\)/)
    expect(unlabelled).toMatch(/SEARCH hx USING COVERING INDEX boxes_by_image \(image_id=\?\)/)
    for (const input of [{}, { split: 'tuning' }, { hasBoxes: false, onDisk: 'any' as const }]) expect(page(input)).not.toMatch(/TEMP B-TREE|images_by_path/)
    const count = plans((db) => countImages(db, imageQuery({ split: 'tuning' })))[0]!.plan
    expect(count).toMatch(/SEARCH i USING INDEX images_by_split \(split=\?\)/)
  })

  it('fetches page records, distinct confidences and subcategories by key', () => {
    const all = plans((db) => listImages(db, imageQuery({ classCode: code(2), includeDescendants: true, labelFilter: 'machine', limit: 5 })))
    const records = all.find((p) => p.sql.includes('i.image_key AS imageId'))!.plan
    expect(records).toMatch(/SEARCH i USING INTEGER PRIMARY KEY \(rowid=\?\)/)
    expect(records).toMatch(/SEARCH l USING PRIMARY KEY \(image_id=\?\)/)
    expect(records).toMatch(/SEARCH b USING COVERING INDEX boxes_by_image \(image_id=\?\)/)
    const seeks = all.filter((p) => p.sql.includes('min(confidence)'))
    expect(seeks.length).toBeGreaterThan(0)
    for (const { plan } of seeks) expect(plan).toMatch(/SEARCH labels USING COVERING INDEX labels_by_class \(class_id=\? AND source=\? AND confidence>\? AND confidence<\?\)/)
    expect(all.find((p) => p.sql.includes('WITH RECURSIVE'))!.plan).toMatch(/SEARCH e USING PRIMARY KEY \(parent_id=\?\)/)
  })

  it('lists classes by prefix through classes_by_name and classes_by_code', () => {
    const all = plans((db) => listClasses(db, { query: 'ca', limit: 5, unknownOnly: false }))
    const prefixTier = all.filter((p) => !p.sql.includes('@contains'))
    expect(prefixTier).toHaveLength(2)
    for (const { plan } of prefixTier) {
      expect(plan).toMatch(/SEARCH c USING INDEX classes_by_name \(name>\? AND name<\?\)/)
      expect(plan).toMatch(/SEARCH c USING INDEX classes_by_code \(code>\? AND code<\?\)/)
    }
  })

  it('refreshes class stats in ordered passes over the covering indexes, without sorting', () => {
    const all = plans((db) => refreshClassStats(db)).filter((p) => /FROM (labels|boxes)/.test(p.sql))
    const passes = all.filter((p) => p.sql.includes('GROUP BY'))
    expect(passes.map((p) => p.plan)).toEqual([
      'SCAN labels USING COVERING INDEX labels_by_class',
      'SCAN boxes USING COVERING INDEX boxes_by_class',
      'SCAN boxes USING COVERING INDEX boxes_by_class',
    ])
    for (const { plan } of all.filter((p) => !p.sql.includes('GROUP BY'))) {
      expect(plan).toMatch(/SEARCH a USING COVERING INDEX labels_by_class \(class_id=\? AND source=\? AND confidence=\?\)/)
      expect(plan).toMatch(/SEARCH b EXISTS USING (COVERING INDEX labels_by_class|PRIMARY KEY) \(.*image_id=\?.*\)/)
    }
  })

  it('summarizes from class_stats and image index seeks, never scanning labels or boxes', () => {
    const plan = plans((db) => getCatalogSummary(db)).map((p) => p.plan).join('\n')
    expect(plan).not.toMatch(/SCAN (labels|boxes)\b/)
    expect(plan).toMatch(/SEARCH images USING INDEX images_by_path \(root_id=\? AND path=\?\)/)
    expect(plan).toMatch(/SEARCH images USING COVERING INDEX images_by_split \(split=\?\)/)
    expect(plan).toMatch(/SCAN class_stats/)
  })
})
