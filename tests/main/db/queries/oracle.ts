import { imageQuerySchema, type ImageQuery } from '../../../../src/shared/api/images'
import type { z } from 'zod'
import { listImages } from '../../../../src/main/db/queries/images'
import type { Db } from '../../../../src/main/db/connection'
import type { CatalogFixture, FixtureLabel } from './catalog-fixture'

export type QueryInput = z.input<typeof imageQuerySchema>

/** A query as a handler receives it: validated, defaults filled in. */
export const imageQuery = (input: QueryInput): ImageQuery => imageQuerySchema.parse(input)

/** The class and its subcategory descendants, by walking the fixture's edges. */
export function closure(fixture: CatalogFixture, classId: number): Set<number> {
  const found = new Set([classId])
  for (const id of found) for (const child of fixture.subcategories.get(id) ?? []) found.add(child)
  return found
}

function labelMatches(q: ImageQuery, label: FixtureLabel): boolean {
  const human = label.source === 1 || label.source === 2
  switch (q.labelFilter) {
    case 'human-positive':
      return human && label.confidence === 1
    case 'human-negative':
      return human && label.confidence === 0
    case 'machine':
      return label.source === 3 && label.confidence >= q.minConfidence && label.confidence <= q.maxConfidence
    case 'tuning':
      return label.source === 4
    case 'box':
      return false
    case 'any':
      return true
  }
}

/**
 * What `listImages` must return over all pages, by brute force over the inserted rows: image ids in
 * order, with the sort confidence (the best matching label; a box counts as 1).
 */
const byImage = new WeakMap<object, Map<number, Array<{ imageId: number }>>>()
function rowsOf<T extends { imageId: number }>(rows: T[], imageId: number): T[] {
  let index = byImage.get(rows)
  if (!index) {
    index = new Map()
    for (const row of rows) index.set(row.imageId, [...(index.get(row.imageId) ?? []), row])
    byImage.set(rows, index)
  }
  return (index.get(imageId) ?? []) as T[]
}

export function expectedImages(fixture: CatalogFixture, q: ImageQuery): number[] {
  const cls = q.classCode === null ? null : fixture.classes.find((c) => c.code === q.classCode)!
  const classes = cls === null ? null : q.includeDescendants ? closure(fixture, cls.id) : new Set([cls.id])
  const boxesCount = ['human-positive', 'box', 'any'].includes(q.labelFilter)
  const found: Array<{ id: number; c: number }> = []
  for (const image of fixture.images) {
    const labels = rowsOf(fixture.labels, image.id)
    const boxes = rowsOf(fixture.boxes, image.id)
    if (q.split !== null && image.split !== q.split) continue
    if (q.onDisk !== 'any' && (image.path !== null) !== (q.onDisk === 'yes')) continue
    if (q.hasLabels !== null && labels.length + boxes.length > 0 !== q.hasLabels) continue
    const boxOfClass = boxes.some((b) => classes === null || classes.has(b.classId))
    if (q.hasBoxes !== null && boxOfClass !== q.hasBoxes) continue
    let c = 0
    if (classes !== null) {
      const hits = labels.filter((l) => classes.has(l.classId) && labelMatches(q, l)).map((l) => l.confidence)
      if (boxesCount && boxOfClass) hits.push(1)
      if (hits.length === 0) continue
      c = Math.max(...hits)
    }
    found.push({ id: image.id, c })
  }
  if (classes !== null && q.sort === 'confidence') found.sort((a, b) => b.c - a.c || b.id - a.id)
  return found.map((f) => f.id)
}

/** Every page of a listing, checking each cursor against the contract's schema on the way. */
export function allPages(db: Db, input: QueryInput, limit: number): { ids: number[]; pages: number } {
  const ids: number[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const page = listImages(db, imageQuery({ ...input, cursor, limit }))
    pages += 1
    ids.push(...page.items.map((item) => parseInt(item.imageId, 16)))
    cursor = page.nextCursor
    if (cursor !== null) imageQuery({ ...input, cursor })
    if (pages > 10_000) throw new Error('paging does not end')
  } while (cursor !== null)
  return { ids, pages }
}

/** class_stats by brute force over the inserted rows: per class, its six counts in column order. */
export function expectedStats(f: CatalogFixture): Map<number, number[]> {
  const distinct = (ids: number[]): number => new Set(ids).size
  const stats = new Map<number, number[]>()
  for (const { id } of f.classes) {
    const labels = f.labels.filter((l) => l.classId === id)
    const human = (confidence: number) => distinct(labels.filter((l) => l.source <= 2 && l.confidence === confidence).map((l) => l.imageId))
    const boxes = f.boxes.filter((b) => b.classId === id)
    stats.set(id, [
      human(1),
      human(0),
      labels.filter((l) => l.source === 3).length,
      labels.filter((l) => l.source === 4).length,
      boxes.length,
      distinct(boxes.map((b) => b.imageId)),
    ])
  }
  return stats
}
