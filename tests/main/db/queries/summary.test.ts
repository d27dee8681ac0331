import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCatalog } from '../../../../src/main/db/connection'
import { refreshClassStats } from '../../../../src/main/db/queries/class-stats'
import { getCatalogSummary, getMeta, setMeta } from '../../../../src/main/db/queries/summary'
import { tempDir } from '../../../helpers/temp-dir'
import { buildCatalog, type CatalogFixture } from './catalog-fixture'
import { expectedStats } from './oracle'

describe('catalog summary', () => {
  let f: CatalogFixture
  beforeAll(() => {
    f = buildCatalog(21, 250)
    refreshClassStats(f.db)
    const insertSet = f.db.prepare("INSERT INTO prediction_sets (name, kind, file, created_at) VALUES (?, 'submission', 'x.csv', 'now')")
    insertSet.run('a')
    insertSet.run('b')
    const insertImport = f.db.prepare("INSERT INTO imports (file, kind, rows, skipped, finished_at) VALUES ('f', 'boxes', 1, 0, ?)")
    for (const at of ['2024-05-01T10:00:00.000Z', '2024-06-01T10:00:00.000Z', '2024-05-20T10:00:00.000Z']) insertImport.run(at)
  })
  afterAll(() => f.close())

  it('counts every kind of row, labels and boxes from class_stats', () => {
    const stats = [...expectedStats(f).values()]
    const sum = (column: number): number => stats.reduce((total, row) => total + row[column]!, 0)
    const split = (...names: string[]) => f.images.filter((i) => names.includes(i.split)).length
    expect(getCatalogSummary(f.db)).toEqual({
      images: f.images.length,
      imagesOnDisk: f.images.filter((i) => i.path !== null).length,
      humanLabels: sum(0) + sum(1),
      machineLabels: f.labels.filter((l) => l.source === 3).length,
      boxes: f.boxes.length,
      classes: f.classes.length,
      tuningImages: split('tuning'),
      testImages: split('test', 'tuning'),
      imagesMissing: f.images.filter((i) => i.split === 'train' && i.path === null).length,
      unknownClasses: 1,
      predictionSets: 2,
      lastIndexedAt: '2024-06-01T10:00:00.000Z',
      // no boxable list was indexed: the boxable set is the boxes file's (the fixture flags none)
      boxableClasses: { count: 0, source: 'boxes', file: 'f' },
      hierarchyFile: null,
    })
    expect(f.images.some((i) => i.rootId !== null && i.path === null)).toBe(true)
  })

  it('is all zeros and no date for an empty catalog', () => {
    const { dir, remove } = tempDir()
    const db = openCatalog(join(dir, 'empty.sqlite'))
    try {
      expect(getCatalogSummary(db)).toEqual({
        images: 0, imagesOnDisk: 0, humanLabels: 0, machineLabels: 0, boxes: 0, classes: 0, tuningImages: 0,
        testImages: 0, imagesMissing: 0, unknownClasses: 0, predictionSets: 0, lastIndexedAt: null,
        boxableClasses: { count: 0, source: 'none', file: null }, hierarchyFile: null,
      })
    } finally {
      db.close()
      remove()
    }
  })

  it('stores workspace settings', () => {
    expect(getMeta(f.db, 'demo.ready')).toBeNull()
    setMeta(f.db, 'demo.ready', '0')
    setMeta(f.db, 'demo.ready', '1')
    expect(getMeta(f.db, 'demo.ready')).toBe('1')
  })
})
