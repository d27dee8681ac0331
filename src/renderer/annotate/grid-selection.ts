import type { ImageFilter } from '../../shared/api/index'
import { isTextField } from '../browse/view-keys'

/**
 * The grid's selection for batch edits as plain values: either the images picked one by one, or every
 * image of the filter (Select all, Ctrl+A) but the ones Ctrl-clicked out again. The second is the
 * filter itself, not ids, so it costs nothing at 1.7 M images; the batch lists its ids as it applies.
 */
export type GridSelection = PickedImages | FilterSelection

export interface PickedImages {
  kind: 'images'
  ids: ReadonlySet<string>
  /** The listing offset of the last Ctrl/Cmd-clicked tile (where a Shift-click range starts); null before any. */
  anchor: number | null
}

export interface FilterSelection {
  kind: 'filter'
  /** The listing's filter, as asked for (see effectiveFilter). */
  filter: ImageFilter
  /** Images matching the filter when it was selected (images.count). */
  total: number
  /** Images taken out again with Ctrl-click. */
  except: ReadonlySet<string>
  anchor: number | null
}

export const emptySelection: GridSelection = { kind: 'images', ids: new Set(), anchor: null }

/** How many images a batch edit of the selection changes. */
export function selectedCount(selection: GridSelection): number {
  return selection.kind === 'images' ? selection.ids.size : Math.max(0, selection.total - selection.except.size)
}

export function isSelected(selection: GridSelection, imageId: string): boolean {
  return selection.kind === 'images' ? selection.ids.has(imageId) : !selection.except.has(imageId)
}

/** How a click on a tile changes the selection, from its modifier keys; null: a plain click (opens the image). */
export type SelectGesture = 'toggle' | 'range' | 'add-range'

export function selectGesture(event: { ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): SelectGesture | null {
  const toggle = event.ctrlKey || event.metaKey
  if (event.shiftKey) return toggle ? 'add-range' : 'range'
  return toggle ? 'toggle' : null
}

const toggled = (ids: ReadonlySet<string>, imageId: string): Set<string> => {
  const next = new Set(ids)
  if (next.has(imageId)) next.delete(imageId)
  else next.add(imageId)
  return next
}

/** Ctrl/Cmd-click: the tile in or out of the selection; it becomes the anchor of later ranges. */
export function toggleImage(selection: GridSelection, imageId: string, offset: number): GridSelection {
  if (selection.kind === 'filter') return { ...selection, except: toggled(selection.except, imageId), anchor: offset }
  return { kind: 'images', ids: toggled(selection.ids, imageId), anchor: offset }
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
  const [from, to] = selection.anchor <= offset ? [selection.anchor, offset] : [offset, selection.anchor]
  const range: string[] = []
  for (let at = from; at <= to; at++) {
    const imageId = imageAt(at)
    if (imageId !== undefined) range.push(imageId)
  }
  if (selection.kind === 'filter' && gesture === 'add-range') {
    const except = new Set(selection.except)
    for (const imageId of range) except.delete(imageId)
    return { ...selection, except }
  }
  const ids = new Set(gesture === 'add-range' && selection.kind === 'images' ? selection.ids : [])
  for (const imageId of range) ids.add(imageId)
  return { kind: 'images', ids, anchor: selection.anchor }
}

/** Select all, Ctrl+A: every image of the filter (`total` of them), loaded or not. */
export function selectAll(filter: ImageFilter, total: number): GridSelection {
  return { kind: 'filter', filter, total, except: new Set(), anchor: null }
}

/**
 * Whether a key press clears the selection: Esc, unless something else took it first (an open list
 * or a dialog closing) or it went to a text field, whose own Esc it is.
 */
export function clearsSelection(event: { key: string; defaultPrevented: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean; target?: unknown }): boolean {
  if (event.key !== 'Escape' || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return false
  return !isTextField(event.target) && !inDialog(event.target)
}

function inDialog(target: unknown): boolean {
  const closest = (target as { closest?: unknown } | null)?.closest
  return typeof closest === 'function' && (closest as (selector: string) => unknown).call(target, '[role="dialog"], [role="presentation"]') !== null
}

/** Splits `items` into chunks of at most `size` (the API takes 10,000 edits a call). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size))
  return out
}
