import { useCallback, useEffect, useRef, useState } from 'react'
import type { ImageRecord } from '../../shared/api/index'
import type { ImageWindow } from '../browse/use-image-window'
import { emptySelection, selectAll, selectRange, toggleImage, type GridSelection, type SelectGesture } from './grid-selection'

export interface GridSelectionControl {
  selected: ReadonlySet<string>
  /** A Ctrl/Cmd- or Shift-click on a tile. */
  select: (image: ImageRecord, offset: number, gesture: SelectGesture) => void
  /** Every image loaded of the listing. */
  selectAllLoaded: () => void
  clear: () => void
}

/** The grid's selection for batch edits (see grid-selection.ts); a new listing (another filter) clears it. */
export function useGridSelection(images: ImageWindow, filterKey: string): GridSelectionControl {
  const [selection, setSelection] = useState<GridSelection>(emptySelection)
  // Read when a tile is clicked: the handlers stay the same as images arrive, so the tiles do not re-render.
  const latest = useRef(images)
  useEffect(() => {
    latest.current = images
  })

  useEffect(() => setSelection(emptySelection), [filterKey])

  const select = useCallback(
    (image: ImageRecord, offset: number, gesture: SelectGesture) =>
      setSelection((s) => (gesture === 'toggle' ? toggleImage(s, image.imageId, offset) : selectRange(s, offset, (at) => latest.current.itemAt(at)?.imageId, gesture))),
    [],
  )
  const selectAllLoaded = useCallback(() => setSelection(selectAll(latest.current.loadedIds())), [])
  const clear = useCallback(() => setSelection(emptySelection), [])
  return { selected: selection.ids, select, selectAllLoaded, clear }
}
