import { describe, expect, it } from 'vitest'
import type { EditRecord } from '../../../src/shared/api/index'
import { describeEdit, mergeHistory } from '../../../src/renderer/annotate/edit-format'

const record = (editId: number, patch: Partial<EditRecord> = {}): EditRecord => ({
  editId,
  at: '2025-01-02T03:04:05.000Z',
  author: 'window-abc123',
  imageId: '0123456789abcdef',
  kind: 'label',
  classCode: '/m/0bt9lr',
  className: 'Dog',
  boxId: null,
  before: { verdict: 'imported' },
  after: { verdict: 'absent' },
  revertsEditId: null,
  ...patch,
})

describe('describeEdit', () => {
  it('says a label edit as its verdict before and after', () => {
    expect(describeEdit(record(1))).toEqual({ title: 'label Dog', change: 'as imported → absent' })
    expect(describeEdit(record(2, { before: { verdict: 'present' }, after: { verdict: 'none' }, revertsEditId: 1 }))).toEqual({ title: 'Revert of #1: label Dog', change: 'present → no label' })
  })

  it('says what a box edit changed, field by field', () => {
    const update = record(3, { kind: 'box-update', boxId: 9, before: { xMin: 0.1, isOccluded: 0 }, after: { xMin: 0.125, isOccluded: 1 } })
    expect(describeEdit(update)).toEqual({ title: 'box Dog changed', change: 'x min 0.100 → 0.125, occluded no → yes' })
    const reclass = record(4, { kind: 'box-update', boxId: 9, before: { classCode: '/m/01yrx' }, after: { classCode: '/m/0bt9lr' } })
    expect(describeEdit(reclass).change).toBe('class /m/01yrx → /m/0bt9lr')
    const created = record(5, { kind: 'box-create', boxId: 9, before: null, after: { classCode: '/m/0bt9lr', xMin: 0.1, xMax: 0.5, yMin: 0.2, yMax: 0.6 } })
    expect(describeEdit(created)).toEqual({ title: 'box Dog drawn', change: 'x 0.100–0.500, y 0.200–0.600' })
    expect(describeEdit(record(6, { kind: 'box-delete', before: { xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, after: null })).title).toBe('box Dog deleted')
  })
})

describe('mergeHistory', () => {
  const page = (ids: number[], nextBefore: number | null) => ({ items: ids.map((id) => record(id)), nextBefore })
  const idsOf = (merged: ReturnType<typeof mergeHistory>) => merged.items.map((item) => item.editId)

  it('puts new edits on top of the pages already loaded, each once', () => {
    const loaded = { items: [...page([10, 9, 8], 8).items, ...page([7, 6, 5], 5).items], nextBefore: 5 }
    const merged = mergeHistory(loaded, page([12, 11, 10], 10))
    expect(idsOf(merged)).toEqual([12, 11, 10, 9, 8, 7, 6, 5])
    expect(merged.nextBefore).toBe(5)
  })

  it('takes the fresh page alone when it does not reach the loaded edits, or when nothing was loaded', () => {
    expect(idsOf(mergeHistory(page([3, 2, 1], null), page([30, 29, 28], 28)))).toEqual([30, 29, 28])
    expect(mergeHistory(null, page([3, 2], null))).toEqual(page([3, 2], null))
  })

  it('ends the paging when the fresh page holds the whole history', () => {
    expect(mergeHistory(page([5, 4], 4), page([6, 5, 4, 3, 2, 1], null)).nextBefore).toBeNull()
  })
})
