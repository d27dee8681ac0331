import { describe, expect, it } from 'vitest'
import {
  columnsFor,
  firstVisibleRow,
  gridHeight,
  mountedRows,
  revealRow,
  rowCount,
  rowOf,
  rowTop,
  topForRow,
  type GridLayout,
} from '../../../src/renderer/browse/grid-layout'

const layout: GridLayout = { columns: 7, rowHeight: 168, gap: 8, padding: 8 }

describe('grid layout', () => {
  it('fits as many tiles across as the width allows, at least one', () => {
    expect(columnsFor(1_265, 160, 8, 8)).toBe(7)
    expect(columnsFor(2 * 8 + 7 * 160 + 6 * 8, 160, 8, 8)).toBe(7)
    expect(columnsFor(2 * 8 + 7 * 160 + 6 * 8 - 1, 160, 8, 8)).toBe(6)
    expect(columnsFor(0, 160, 8, 8)).toBe(1)
  })

  it('sizes the grid by its rows', () => {
    expect(rowCount(0, layout)).toBe(0)
    expect(gridHeight(0, layout)).toBe(0)
    expect(rowCount(15, layout)).toBe(3)
    expect(gridHeight(15, layout)).toBe(8 + 3 * 168 - 8 + 8)
    expect(rowOf(14, layout)).toBe(2)
  })

  it('puts a row first and reads it back as the first visible row', () => {
    for (const row of [0, 1, 2, 57, 12_345]) expect(firstVisibleRow(topForRow(row, layout), layout)).toBe(row)
    // A row whose bottom is just in view still counts; once its bottom has left, the next is first.
    const rowBottom = rowTop(3, layout) + 160
    expect(firstVisibleRow(rowBottom - 1, layout)).toBe(3)
    expect(firstVisibleRow(rowBottom, layout)).toBe(4)
  })

  it('mounts the visible rows and the overscan, no more', () => {
    expect(mountedRows(0, 700, 300, layout, 1)).toEqual({ first: 0, last: 6 })
    const { first, last } = mountedRows(topForRow(20, layout), 700, 300, layout, 1)
    expect(first).toBe(19)
    expect(last).toBeLessThanOrEqual(26)
    expect(mountedRows(topForRow(40, layout), 700, 300, layout, 1).last).toBe(rowCount(300, layout))
    expect(mountedRows(0, 700, 0, layout, 1)).toEqual({ first: 0, last: 0 })
  })

  it('reveals a row by scrolling as little as needed', () => {
    expect(revealRow(0, 700, 2, layout)).toBe(0)
    expect(revealRow(topForRow(10, layout), 700, 5, layout)).toBe(topForRow(5, layout))
    const below = revealRow(0, 700, 8, layout)
    expect(below + 700).toBe(rowTop(8, layout) + 160 + 8)
    expect(revealRow(below, 700, 8, layout)).toBe(below)
  })
})
