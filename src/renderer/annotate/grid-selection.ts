/**
 * The grid's selection for batch edits as plain values: a set of image ids, and the offset the last
 * plain toggle was at (where a Shift-click range starts).
 */
export interface GridSelection {
  ids: ReadonlySet<string>
  /** The listing offset of the last Ctrl/Cmd-clicked tile; null before any. */
  anchor: number | null
}

export const emptySelection: GridSelection = { ids: new Set(), anchor: null }

/** How a click on a tile changes the selection, from its modifier keys; null: a plain click (opens the image). */
export type SelectGesture = 'toggle' | 'range' | 'add-range'

export function selectGesture(event: { ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): SelectGesture | null {
  const toggle = event.ctrlKey || event.metaKey
  if (event.shiftKey) return toggle ? 'add-range' : 'range'
  return toggle ? 'toggle' : null
}

/** Ctrl/Cmd-click: the tile in or out of the selection; it becomes the anchor of later ranges. */
export function toggleImage(selection: GridSelection, imageId: string, offset: number): GridSelection {
  const ids = new Set(selection.ids)
  if (ids.has(imageId)) ids.delete(imageId)
  else ids.add(imageId)
  return { ids, anchor: offset }
}

/**
 * Shift-click: the images from the anchor to `offset` (those loaded; `imageAt` gives undefined for
 * the rest). `range` replaces the selection with them, `add-range` (Ctrl+Shift) adds them. Without an
 * anchor the tile alone is toggled.
 */
export function selectRange(
  selection: GridSelection,
  offset: number,
  imageAt: (offset: number) => string | undefined,
  gesture: 'range' | 'add-range',
): GridSelection {
  if (selection.anchor === null) {
    const imageId = imageAt(offset)
    return imageId === undefined ? selection : toggleImage(selection, imageId, offset)
  }
  const ids = new Set(gesture === 'add-range' ? selection.ids : [])
  const [from, to] = selection.anchor <= offset ? [selection.anchor, offset] : [offset, selection.anchor]
  for (let at = from; at <= to; at++) {
    const imageId = imageAt(at)
    if (imageId !== undefined) ids.add(imageId)
  }
  return { ids, anchor: selection.anchor }
}

/** Every image given (the loaded part of the listing). */
export function selectAll(imageIds: Iterable<string>): GridSelection {
  return { ids: new Set(imageIds), anchor: null }
}

/** Splits `items` into chunks of at most `size` (the API takes 10,000 edits a call). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size))
  return out
}
