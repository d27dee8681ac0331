import { useCallback, useEffect, useRef, useState } from 'react'
import type { ImageFilter, ImageRecord } from '../../shared/api/index'
import type { ImageWindow } from '../browse/use-image-window'
import { effectiveFilter, filterKey } from '../browse/view-state'
import { clearsSelection, emptySelection, selectAll, selectRange, toggleImage, type GridSelection, type SelectGesture } from './grid-selection'

export interface GridSelectionControl {
  selection: GridSelection
  /** A Ctrl/Cmd- or Shift-click on a tile. */
  select: (image: ImageRecord, offset: number, gesture: SelectGesture) => void
  /** Every image of the filter, loaded or not (Select all, Ctrl+A). */
  selectAll: () => void
  clear: () => void
}

/**
 * The grid's selection for batch edits (see grid-selection.ts); a new listing (another filter) clears
 * it, and so does Esc anywhere but in a text field or a dialog.
 */
export function useGridSelection(images: ImageWindow, filter: ImageFilter): GridSelectionControl {
  const [selection, setSelection] = useState<GridSelection>(emptySelection)
  // Read when a tile is clicked: the handlers stay the same as images arrive, so the tiles do not re-render.
  const latest = useRef({ images, filter })
  useEffect(() => {
    latest.current = { images, filter }
  })

  const key = filterKey(filter)
  useEffect(() => setSelection(emptySelection), [key])

  // A whole-filter selection counts what the filter matches now (edits change it).
  const total = images.total
  useEffect(() => {
    if (total !== null) setSelection((s) => (s.kind === 'filter' && s.total !== total ? { ...s, total } : s))
  }, [total])

  const select = useCallback(
    (image: ImageRecord, offset: number, gesture: SelectGesture) =>
      setSelection((s) => (gesture === 'toggle' ? toggleImage(s, image.imageId, offset) : selectRange(s, offset, (at) => latest.current.images.itemAt(at)?.imageId, gesture))),
    [],
  )
  const selectAllImages = useCallback(() => {
    const { images: listing, filter: current } = latest.current
    if (listing.total) setSelection(selectAll(effectiveFilter(current), listing.total))
  }, [])
  const clear = useCallback(() => setSelection(emptySelection), [])

  const any = selection !== emptySelection
  useEffect(() => {
    if (!any) return
    const onKey = (event: KeyboardEvent) => {
      if (clearsSelection(event)) clear()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [any, clear])

  return { selection, select, selectAll: selectAllImages, clear }
}
