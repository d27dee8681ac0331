import type { NormalizedRect } from '../browse/view/stage-view'

/** What the image stage needs to let the user draw, select, move and resize boxes. */
export interface StageEditing {
  /** A drag draws a box instead of panning. */
  drawMode: boolean
  selectedBoxId: number | null
  /** A click on a box selects it; a click beside every box clears the selection (null). */
  onSelectBox: (boxId: number | null) => void
  /** A box was drawn (normalized, clamped, with an area); it waits for its class as the draft. */
  onDraw: (rect: NormalizedRect) => void
  /** The box drawn last, still without a class; shown dashed. */
  draft: NormalizedRect | null
  /** The selected box was moved or resized; resolves false when the edit failed (the box goes back). */
  onReshape: (boxId: number, rect: NormalizedRect) => Promise<boolean>
}

/** The attribute that carries a box's id on the overlay, for clicks that select it. */
export const boxIdAttribute = 'data-box-id'

/** The id of the box an element belongs to (from a pointer event's target), or null. */
export function boxIdOf(target: EventTarget | null): number | null {
  if (!(target instanceof Element)) return null
  const value = target.closest(`[${boxIdAttribute}]`)?.getAttribute(boxIdAttribute)
  return value ? Number(value) : null
}
