/**
 * The thumbnail grid's arithmetic, in listing pixels (before any scaling, see scaled-scroll.ts):
 * rows of `columns` tiles, `padding` around the grid, `gap` between tiles. Pure, no DOM.
 */
export interface GridLayout {
  columns: number
  /** Tile height plus the gap below it, px. */
  rowHeight: number
  gap: number
  padding: number
}

/** How many tiles fit across `width` px (at least one). */
export function columnsFor(width: number, tileSize: number, gap: number, padding: number): number {
  return Math.max(1, Math.floor((width - 2 * padding + gap) / (tileSize + gap)))
}

export function rowCount(total: number, layout: GridLayout): number {
  return Math.ceil(Math.max(0, total) / layout.columns)
}

/** Height of the whole grid, px. */
export function gridHeight(total: number, layout: GridLayout): number {
  const rows = rowCount(total, layout)
  return rows === 0 ? 0 : 2 * layout.padding + rows * layout.rowHeight - layout.gap
}

/** Top of a row, px from the top of the grid. */
export function rowTop(row: number, layout: GridLayout): number {
  return layout.padding + row * layout.rowHeight
}

export function rowOf(offset: number, layout: GridLayout): number {
  return Math.floor(Math.max(0, offset) / layout.columns)
}

/** The first row any part of which shows when the viewport's top is at `virtualTop`. */
export function firstVisibleRow(virtualTop: number, layout: GridLayout): number {
  // A row ends `gap` px before the next begins, so it has left the viewport once its bottom has.
  return Math.max(0, Math.floor((virtualTop - layout.padding + layout.gap) / layout.rowHeight))
}

/** The viewport top that puts `row` first, with the grid's padding above it (the inverse of firstVisibleRow). */
export function topForRow(row: number, layout: GridLayout): number {
  return Math.max(0, rowTop(row, layout) - layout.padding)
}

/** Rows to mount, [first, last), for a viewport at `virtualTop`: the visible ones and `overscan` more each side. */
export function mountedRows(
  virtualTop: number,
  viewportHeight: number,
  total: number,
  layout: GridLayout,
  overscan: number,
): { first: number; last: number } {
  const rows = rowCount(total, layout)
  const first = Math.max(0, firstVisibleRow(virtualTop, layout) - overscan)
  const last = Math.min(rows, Math.ceil((virtualTop + viewportHeight - layout.padding) / layout.rowHeight) + overscan)
  return { first, last: Math.max(first, last) }
}

/**
 * The viewport top that shows `row` whole while moving as little as possible from `virtualTop`:
 * unchanged when it already shows.
 */
export function revealRow(virtualTop: number, viewportHeight: number, row: number, layout: GridLayout): number {
  const top = rowTop(row, layout)
  const bottom = top + layout.rowHeight - layout.gap
  if (top - layout.padding < virtualTop) return Math.max(0, top - layout.padding)
  if (bottom + layout.padding > virtualTop + viewportHeight) return bottom + layout.padding - viewportHeight
  return virtualTop
}
