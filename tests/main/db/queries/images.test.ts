import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getImageDetail } from '../../../../src/main/db/queries/image-detail'
import { countImages, findImageFile, listImages, setImageSize } from '../../../../src/main/db/queries/images'
import { imageLabelFilters } from '../../../../src/shared/api/images'
import { ApiError } from '../../../../src/shared/errors'
import { buildCatalog, prng, type CatalogFixture } from './catalog-fixture'
import { allPages, expectedImages, imageQuery, type QueryInput } from './oracle'

describe('image queries against brute force', () => {
  let f: CatalogFixture
  beforeAll(() => {
    f = buildCatalog()
  })
  afterAll(() => f.close())

  const code = (id: number): string => f.classes[id - 1]!.code
  /** Lists with two page sizes and counts; all three must agree with the oracle. */
  const check = (input: QueryInput): number[] => {
    const expected = expectedImages(f, imageQuery(input))
    expect(allPages(f.db, input, 500).ids).toEqual(expected)
    expect(allPages(f.db, input, 23).ids).toEqual(expected)
    expect(countImages(f.db, imageQuery(input))).toBe(expected.length)
    return expected
  }

  it('lists every image in catalog order, page by page, each exactly once', () => {
    const all = check({ onDisk: 'any' })
    expect(all).toEqual(f.images.map((i) => i.id))
    expect(allPages(f.db, { onDisk: 'any' }, 1).pages).toBe(all.length)
  })

  it.each(['yes', 'no', 'any'] as const)('filters by file on disk: %s', (onDisk) => {
    expect(check({ onDisk }).length).toBeGreaterThan(0)
    expect(check({ onDisk, classCode: code(2) }).length).toBeGreaterThan(0)
  })

  it.each(['train', 'validation', 'test', 'tuning', 'nosuch'])('filters by split %s', (split) => {
    check({ split, onDisk: 'any' })
    check({ split, classCode: code(1), includeDescendants: true, labelFilter: 'any', sort: 'confidence' })
  })

  it.each([true, false])('filters by boxes (any box, or boxes of the class): %s', (hasBoxes) => {
    expect(check({ hasBoxes }).length).toBeGreaterThan(0)
    for (const labelFilter of imageLabelFilters) check({ hasBoxes, classCode: code(2), labelFilter })
    check({ hasBoxes, classCode: code(1), includeDescendants: true, sort: 'confidence', labelFilter: 'any' })
  })

  it.each([true, false])('filters by having labels or boxes at all: %s', (hasLabels) => {
    expect(check({ hasLabels, onDisk: 'any' }).length).toBeGreaterThan(0)
    expect(check({ hasLabels, classCode: code(1) }).length).toBe(hasLabels ? check({ classCode: code(1) }).length : 0)
  })

  describe.each(imageLabelFilters)('class filter %s', (labelFilter) => {
    it.each([1, 2, 5, 6, 12, 22, 24, 25])('class %i, alone and with its subcategories, in both orders', (classId) => {
      for (const includeDescendants of [false, true]) {
        for (const sort of ['id', 'confidence'] as const) check({ classCode: code(classId), includeDescendants, labelFilter, sort, onDisk: 'any' })
      }
    })

    it('with the other filters combined', () => {
      const matches = check({ classCode: code(1), includeDescendants: true, labelFilter, split: 'train', hasBoxes: true, onDisk: 'yes' })
      expect(labelFilter === 'tuning' || matches.length > 0).toBe(true)
    })
  })

  it('filters machine labels by a confidence range, inclusive', () => {
    for (const [minConfidence, maxConfidence] of [[0.5, 0.5], [0, 0.3], [0.3, 0.9], [0, 1e-6], [0.7, 1], [1, 1]]) {
      for (const classId of [1, 2, 6]) {
        for (const sort of ['id', 'confidence'] as const) {
          for (const includeDescendants of [false, true]) {
            check({ classCode: code(classId), labelFilter: 'machine', minConfidence, maxConfidence, sort, includeDescendants })
          }
        }
      }
    }
  })

  it('sorts by confidence, highest first, ties by id highest first', () => {
    const ids = check({ classCode: code(6), labelFilter: 'machine', sort: 'confidence', onDisk: 'any' })
    const confidence = (id: number) => f.labels.find((l) => l.imageId === id && l.classId === 6 && l.source === 3)!.confidence
    expect(ids.map(confidence)).toEqual(ids.map(confidence).sort((a, b) => b - a))
    expect(ids.map(confidence)).toContain(5e-324)
  })

  it('agrees with brute force on random combinations of every filter', () => {
    const random = prng(11)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
    for (let n = 0; n < 120; n++) {
      const [a, b] = [Math.round(random() * 10) / 10, Math.round(random() * 10) / 10]
      const input: QueryInput = {
        classCode: pick([null, null, code(1), code(2), code(4), code(5), code(6), code(10), code(24)]),
        includeDescendants: random() < 0.5,
        labelFilter: pick(imageLabelFilters),
        minConfidence: Math.min(a, b),
        maxConfidence: Math.max(a, b),
        split: pick([null, null, 'train', 'tuning', 'test']),
        hasBoxes: pick([null, null, true, false]),
        onDisk: pick(['yes', 'no', 'any'] as const),
        hasLabels: pick([null, null, null, true, false]),
        sort: pick(['id', 'confidence'] as const),
      }
      const expected = expectedImages(f, imageQuery(input))
      expect(allPages(f.db, input, 1 + Math.floor(random() * 40)).ids, JSON.stringify(input)).toEqual(expected)
      expect(countImages(f.db, imageQuery(input)), JSON.stringify(input)).toBe(expected.length)
    }
  })

  it('returns records with counts, file state, size and split', () => {
    const page = listImages(f.db, imageQuery({ onDisk: 'any', limit: 500 }))
    for (const item of page.items) {
      const image = f.images.find((i) => i.key === item.imageId)!
      expect(item).toEqual({
        imageId: image.key,
        split: image.split,
        width: null,
        height: null,
        onDisk: image.path !== null,
        labelCount: f.labels.filter((l) => l.imageId === image.id).length,
        boxCount: f.boxes.filter((b) => b.imageId === image.id).length,
      })
    }
  })

  it('refuses an unknown class (not-found, classCode) and a cursor of another listing (invalid-argument)', () => {
    const fail = (input: QueryInput, run: typeof listImages | typeof countImages = listImages): ApiError | undefined => {
      try {
        run(f.db, imageQuery(input))
      } catch (error) {
        return error as ApiError
      }
      return undefined
    }
    expect(fail({ classCode: '/m/0nosuch' })).toMatchObject({ code: 'not-found', where: 'classCode' })
    expect(fail({ classCode: '/m/0nosuch' }, countImages)).toBeInstanceOf(ApiError)
    const byConfidence = { classCode: code(1), sort: 'confidence' as const, limit: 2 }
    const cursor = listImages(f.db, imageQuery(byConfidence)).nextCursor!
    expect(cursor).toMatch(/^[\d.:-]+:\d+$/)
    expect(fail({ cursor })).toMatchObject({ code: 'invalid-argument', where: 'cursor' })
    expect(fail({ ...byConfidence, cursor: '12' })).toMatchObject({ code: 'invalid-argument', where: 'cursor' })
    expect(fail({ ...byConfidence, cursor: '1:2:3:4' })).toMatchObject({ code: 'invalid-argument' })
  })
})

describe('one image', () => {
  let f: CatalogFixture
  beforeAll(() => {
    f = buildCatalog(3, 60)
  })
  afterAll(() => f.close())

  it('gives every label and box with class names', () => {
    const image = f.images.find((i) => f.labels.some((l) => l.imageId === i.id) && f.boxes.some((b) => b.imageId === i.id))!
    const detail = getImageDetail(f.db, image.key)!
    expect(detail.image.imageId).toBe(image.key)
    const labels = f.labels.filter((l) => l.imageId === image.id)
    expect(detail.labels).toHaveLength(labels.length)
    const sources = ['verification', 'crowdsource-verification', 'machine', 'tuning']
    const expectedLabels = labels.map((l) => ({ code: f.classes[l.classId - 1]!.code, source: sources[l.source - 1], confidence: l.confidence }))
    expect(detail.labels.map(({ code, source, confidence }) => ({ code, source, confidence }))).toEqual(expect.arrayContaining(expectedLabels))
    expect(detail.boxes.map((b) => b.code)).toEqual(f.boxes.filter((b) => b.imageId === image.id).map((b) => f.classes[b.classId - 1]!.code))
    expect(detail.boxes[0]).toMatchObject({ xMin: 0.1, xMax: 0.5, yMin: 0.2, yMax: 0.6, isTruncated: 1, isDepiction: -1 })
    expect(getImageDetail(f.db, 'ffffffffffffffff')).toBeNull()
  })

  it('finds the absolute file of an image under its root, null without one', () => {
    const onDisk = f.images.find((i) => i.path !== null)!
    expect(findImageFile(f.db, onDisk.key)).toMatchObject({ id: onDisk.id, path: join(f.roots.get(onDisk.rootId!)!, onDisk.path!) })
    const missing = f.images.find((i) => i.path === null)!
    expect(findImageFile(f.db, missing.key)).toMatchObject({ id: missing.id, path: null })
    expect(findImageFile(f.db, 'ffffffffffffffff')).toBeNull()
  })

  it('records the pixel size', () => {
    const image = f.images[0]!
    setImageSize(f.db, image.id, 640, 480)
    expect(getImageDetail(f.db, image.key)!.image).toMatchObject({ width: 640, height: 480 })
  })
})
