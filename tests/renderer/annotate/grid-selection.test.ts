import { describe, expect, it } from 'vitest'
import { chunks, emptySelection, selectAll, selectGesture, selectRange, toggleImage } from '../../../src/renderer/annotate/grid-selection'

const ids = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6']
const imageAt = (offset: number) => ids[offset]
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
    expect([...selection.ids]).toEqual(['a1', 'a4'])
    selection = toggleImage(selection, 'a1', 1)
    expect([...selection.ids]).toEqual(['a4'])
    expect(selection.anchor).toBe(1)
  })

  it('selects the range from the last toggled tile, either way, replacing or adding', () => {
    const anchored = toggleImage(toggleImage(emptySelection, 'a6', 6), 'a2', 2)
    expect([...selectRange(anchored, 4, imageAt, 'range').ids].sort()).toEqual(['a2', 'a3', 'a4'])
    expect([...selectRange(anchored, 0, imageAt, 'range').ids].sort()).toEqual(['a0', 'a1', 'a2'])
    expect([...selectRange(anchored, 4, imageAt, 'add-range').ids].sort()).toEqual(['a2', 'a3', 'a4', 'a6'])
  })

  it('skips images not loaded, and toggles the tile alone without an anchor', () => {
    const sparse = (offset: number) => (offset === 3 ? undefined : ids[offset])
    expect([...selectRange(toggleImage(emptySelection, 'a1', 1), 5, sparse, 'range').ids].sort()).toEqual(['a1', 'a2', 'a4', 'a5'])
    expect([...selectRange(emptySelection, 5, imageAt, 'range').ids]).toEqual(['a5'])
  })

  it('selects all given', () => {
    expect(selectAll(ids).ids.size).toBe(7)
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
