import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refreshClassStats } from '../../../../src/main/db/queries/class-stats'
import { refreshExploreStats } from '../../../../src/main/db/queries/explore/refresh-explore'
import { statsHandlers } from '../../../../src/main/services/explore/stats-handlers'
import { apiMethods } from '../../../../src/shared/api/index'
import { buildCatalog, type CatalogFixture } from '../../db/queries/catalog-fixture'

describe('stats handlers', () => {
  let f: CatalogFixture
  beforeAll(() => {
    f = buildCatalog(4, 200)
    refreshClassStats(f.db)
    refreshExploreStats(f.db)
  })
  afterAll(() => f.close())

  it('answers every method from parsed arguments', async () => {
    const handlers = statsHandlers(f.db)
    const parse = <M extends keyof typeof handlers>(method: M, args: unknown) => apiMethods[method].args.parse(args) as never
    expect((await handlers['stats.classTable'](parse('stats.classTable', {}))).total).toBe(f.classes.length)
    expect((await handlers['stats.classDetail'](parse('stats.classDetail', { classCode: f.classes[0]!.code }))).row.code).toBe(f.classes[0]!.code)
    expect((await handlers['stats.labelsPerImage'](parse('stats.labelsPerImage', {}))).bins).toHaveLength(21)
    expect((await handlers['stats.cooccurrence'](parse('stats.cooccurrence', { top: 3 }))).images).toHaveLength(3)
    expect((await handlers['stats.shift'](parse('stats.shift', {}))).against).toBe('tuning')
    expect((await handlers['stats.samplingPreview'](parse('stats.samplingPreview', { scheme: 'inverse' }))).rows.length).toBeGreaterThan(0)
    expect((await handlers['stats.longTail'](parse('stats.longTail', { source: 'boxes' }))).points.length).toBeGreaterThan(0)
  })

  it('refuses an unknown class with not-found where classCode', () => {
    expect(() => statsHandlers(f.db)['stats.classDetail']({ classCode: '/m/none', top: 5 })).toThrow(expect.objectContaining({ code: 'not-found', where: 'classCode' }))
  })
})
