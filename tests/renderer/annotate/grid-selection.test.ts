import { describe, expect, it } from 'vitest'
import { imageFilterSchema } from '../../../src/shared/api/images'
import { chunks, clearsSelection, emptySelection, isSelected, selectAll, selectGesture, selectRange, selectedCount, toggleImage, type GridSelection } from '../../../src/renderer/annotate/grid-selection'

const ids = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6']
const imageAt = (offset: number) => ids[offset]
const filter = imageFilterSchema.parse({ classCode: '/m/01g317' })
/** The picked images of a one-by-one selection. */
const picked = (selection: GridSelection): string[] => {
  if (selection.kind !== 'images') throw new Error(`a ${selection.kind} selection`)
  return [...selection.ids]
}
const press = (keys: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }>) => selectGesture({ ctrlKey: false, metaKey: false, shiftKey: false, ...keys })

describe('selectGesture', () => {
  it('opens on a plain click, toggles with Ctrl or Cmd, selects a range with Shift', () => {
    expect(press({})).toBeNull()
    expect(press({ ctrlKey: true })).toBe('toggle')
    expect(press({ metaKey: true })).toBe('toggle')
    expect(press({ shiftKey: true })).toBe('range')
    expect(press({ shiftKey: true, ctrlKey: true })).toBe('add-range')
  })
})

describe('the grid selection', () => {
  it('toggles tiles in and out', () => {
    let selection = toggleImage(emptySelection, 'a1', 1)
    selection = toggleImage(selection, 'a4', 4)
    expect(picked(selection)).toEqual(['a1', 'a4'])
    selection = toggleImage(selection, 'a1', 1)
    expect(picked(selection)).toEqual(['a4'])
    expect(selection.anchor).toBe(1)
  })

  it('selects the range from the last toggled tile, either way, replacing or adding', () => {
    const anchored = toggleImage(toggleImage(emptySelection, 'a6', 6), 'a2', 2)
    expect(picked(selectRange(anchored, 4, imageAt, 'range')).sort()).toEqual(['a2', 'a3', 'a4'])
    expect(picked(selectRange(anchored, 0, imageAt, 'range')).sort()).toEqual(['a0', 'a1', 'a2'])
    expect(picked(selectRange(anchored, 4, imageAt, 'add-range')).sort()).toEqual(['a2', 'a3', 'a4', 'a6'])
  })

  it('skips images not loaded, and toggles the tile alone without an anchor', () => {
    const sparse = (offset: number) => (offset === 3 ? undefined : ids[offset])
    expect(picked(selectRange(toggleImage(emptySelection, 'a1', 1), 5, sparse, 'range')).sort()).toEqual(['a1', 'a2', 'a4', 'a5'])
    expect(picked(selectRange(emptySelection, 5, imageAt, 'range'))).toEqual(['a5'])
  })

})

describe('select all: the whole filter, not the tiles loaded', () => {
  it('is the filter and its count, every image selected, loaded or not', () => {
    const all = selectAll(filter, 5_000)
    expect(all).toMatchObject({ kind: 'filter', filter, total: 5_000 })
    expect(selectedCount(all)).toBe(5_000)
    expect(isSelected(all, 'never-loaded')).toBe(true)
    expect(selectedCount(emptySelection)).toBe(0)
  })

  it('takes Ctrl-clicked tiles out and back in, and counts them', () => {
    let all = toggleImage(selectAll(filter, 5_000), 'a1', 1)
    all = toggleImage(all, 'a3', 3)
    expect(selectedCount(all)).toBe(4_998)
    expect(isSelected(all, 'a1')).toBe(false)
    all = toggleImage(all, 'a1', 1)
    expect(selectedCount(all)).toBe(4_999)
    expect(isSelected(all, 'a1')).toBe(true)
    expect(all.kind).toBe('filter')
  })

  it('gives way to a Shift-click range, and Ctrl+Shift adds a range back', () => {
    const anchored = toggleImage(toggleImage(toggleImage(selectAll(filter, 7), 'a2', 2), 'a3', 3), 'a4', 4)
    expect(selectedCount(anchored)).toBe(4)
    expect(picked(selectRange(anchored, 6, imageAt, 'range')).sort()).toEqual(['a4', 'a5', 'a6'])
    const added = selectRange(anchored, 2, imageAt, 'add-range')
    expect(added.kind).toBe('filter')
    expect(selectedCount(added)).toBe(7)
  })
})

describe('Esc', () => {
  const key = (event: Partial<Parameters<typeof clearsSelection>[0]>) =>
    clearsSelection({ key: 'Escape', defaultPrevented: false, ctrlKey: false, metaKey: false, altKey: false, target: { tagName: 'DIV', closest: () => null }, ...event })

  it('clears the selection from anywhere on the page', () => {
    expect(key({})).toBe(true)
    expect(key({ target: { tagName: 'BUTTON', closest: () => null } })).toBe(true)
    expect(key({ target: null })).toBe(true)
  })

  it('is left to a text field or picker, a list that took it, a dialog, and other keys', () => {
    expect(key({ target: { tagName: 'INPUT', type: 'text' } })).toBe(false)
    expect(key({ target: { tagName: 'SELECT' } })).toBe(false)
    expect(key({ defaultPrevented: true })).toBe(false)
    expect(key({ target: { tagName: 'DIV', closest: () => ({}) } })).toBe(false)
    expect(key({ key: 'a' })).toBe(false)
    expect(key({ ctrlKey: true })).toBe(false)
  })
})

describe('chunks', () => {
  it('splits a batch into requests of at most the limit, in order', () => {
    const items = Array.from({ length: 25_001 }, (_, i) => i)
    const parts = chunks(items, 10_000)
    expect(parts.map((part) => part.length)).toEqual([10_000, 10_000, 5_001])
    expect(parts.flat()).toEqual(items)
    expect(chunks([], 10_000)).toEqual([])
  })
})
