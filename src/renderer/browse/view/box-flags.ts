import type { ImageBox } from '../../../shared/api/index'

type FlagKey = 'isOccluded' | 'isTruncated' | 'isGroupOf' | 'isDepiction' | 'isInside'

/** The five flags of train_bounding_boxes.csv, in its column order, with the letter a box's tag shows. */
export const boxFlags: ReadonlyArray<{ key: FlagKey; letter: string; name: string }> = [
  { key: 'isOccluded', letter: 'O', name: 'occluded' },
  { key: 'isTruncated', letter: 'T', name: 'truncated' },
  { key: 'isGroupOf', letter: 'G', name: 'group of' },
  { key: 'isDepiction', letter: 'D', name: 'depiction' },
  { key: 'isInside', letter: 'I', name: 'inside' },
]

/** A flag worth showing: set (1) or unknown (-1). Flags that are 0 are left out. */
export interface ShownFlag {
  letter: string
  name: string
  state: 'set' | 'unknown'
}

/** The box's set and unknown flags, in column order. Any value other than 1 or -1 counts as not set. */
export function shownFlags(box: Pick<ImageBox, FlagKey>): ShownFlag[] {
  const shown: ShownFlag[] = []
  for (const { key, letter, name } of boxFlags) {
    if (box[key] === 1) shown.push({ letter, name, state: 'set' })
    else if (box[key] === -1) shown.push({ letter, name, state: 'unknown' })
  }
  return shown
}

/** The text of a flag letter: "O", or "O?" when unknown. */
export function flagText(flag: ShownFlag): string {
  return flag.state === 'unknown' ? `${flag.letter}?` : flag.letter
}

/** A box in words for its tooltip: "Dog — occluded, truncated; unknown: inside", or "Dog — no flags". */
export function describeBox(box: Pick<ImageBox, 'name' | FlagKey>): string {
  const flags = shownFlags(box)
  const set = flags.filter((flag) => flag.state === 'set').map((flag) => flag.name)
  const unknown = flags.filter((flag) => flag.state === 'unknown').map((flag) => flag.name)
  const parts = [set.join(', '), unknown.length > 0 ? `unknown: ${unknown.join(', ')}` : ''].filter(Boolean)
  return `${box.name} — ${parts.length > 0 ? parts.join('; ') : 'no flags'}`
}

/** The box's corners in 0..1 whatever order the file gave them in, clipped to the image. */
export function normalizedBox(box: Pick<ImageBox, 'xMin' | 'xMax' | 'yMin' | 'yMax'>): { xMin: number; xMax: number; yMin: number; yMax: number } {
  const clamp01 = (value: number) => Math.min(1, Math.max(0, value))
  return {
    xMin: clamp01(Math.min(box.xMin, box.xMax)),
    xMax: clamp01(Math.max(box.xMin, box.xMax)),
    yMin: clamp01(Math.min(box.yMin, box.yMax)),
    yMax: clamp01(Math.max(box.yMin, box.yMax)),
  }
}

/**
 * The order boxes are drawn in: largest first, so a small box inside a big one stays on top and can
 * be hovered. Returns indexes into `boxes`.
 */
export function drawingOrder(boxes: ReadonlyArray<Pick<ImageBox, 'xMin' | 'xMax' | 'yMin' | 'yMax'>>): number[] {
  const area = boxes.map((box) => {
    const { xMin, xMax, yMin, yMax } = normalizedBox(box)
    return (xMax - xMin) * (yMax - yMin)
  })
  return boxes.map((_, index) => index).sort((a, b) => area[b]! - area[a]! || a - b)
}
