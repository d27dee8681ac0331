import type { Random } from '../../shared/prng'
import type { AugmentationPlan } from './augment-plan'

/**
 * Context augmentation: the objects of an image shown in another scene. Every pixel outside the image's boxes
 * (its context: ground, sky, walls, light) is recoloured — channels shuffled, then pulled towards a random
 * colour — while the boxed objects keep their pixels: the cut-and-paste of the boxes onto a new background
 * (Dwibedi et al. 2017) without a second image to decode. Aimed at a test set photographed in other places
 * (the Inclusive Images stage 2). A box is a rectangle, not the object's outline: inside it, pixels close in
 * colour to the ring just outside the box are taken for context too (so no rectangle of the old scene is left
 * around a round object). Objects without a box are recoloured with their context: the price of needing no
 * masks. Runs on the decoded square (≤ ~320² pixels: well under a millisecond), in place.
 */

/** RGB distance under which a pixel inside a box counts as the scene around it rather than the object. */
const sceneDistance = 40

/**
 * 1 where a pixel of the size × size output belongs to some boxed object, after the crop and flip of `plan`:
 * inside a box and, when `pixels` are given, unlike the mean colour of the ring of pixels around the box.
 */
export function objectMask(
  objects: Float32Array,
  plan: Pick<AugmentationPlan, 'left' | 'top' | 'width' | 'height' | 'flip'>,
  width: number,
  height: number,
  size: number,
  pixels?: Uint8Array,
): Uint8Array {
  const mask = new Uint8Array(size * size)
  const sx = size / plan.width
  const sy = size / plan.height
  for (let b = 0; b + 3 < objects.length; b += 4) {
    let x0 = (objects[b]! * width - plan.left) * sx
    let x1 = (objects[b + 1]! * width - plan.left) * sx
    const y0 = Math.max(0, Math.floor((objects[b + 2]! * height - plan.top) * sy))
    const y1 = Math.min(size, Math.ceil((objects[b + 3]! * height - plan.top) * sy))
    if (plan.flip) [x0, x1] = [size - x1, size - x0]
    const from = Math.max(0, Math.floor(x0))
    const to = Math.min(size, Math.ceil(x1))
    if (to <= from || y1 <= y0) continue
    const scene = pixels ? ringColour(pixels, size, from, to, y0, y1) : null
    for (let y = y0; y < y1; y++) {
      if (scene === null) {
        mask.fill(1, y * size + from, y * size + to)
        continue
      }
      for (let x = from; x < to; x++) {
        const at = (y * size + x) * 3
        const d = Math.hypot(pixels![at]! - scene[0], pixels![at + 1]! - scene[1], pixels![at + 2]! - scene[2])
        if (d > sceneDistance) mask[y * size + x] = 1
      }
    }
  }
  return mask
}

/** Mean colour of the pixels just outside a box (two pixels wide, within the image); null when none is. */
function ringColour(pixels: Uint8Array, size: number, from: number, to: number, y0: number, y1: number): [number, number, number] | null {
  const sum = [0, 0, 0]
  let n = 0
  const add = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= size || y >= size) return
    const at = (y * size + x) * 3
    sum[0]! += pixels[at]!
    sum[1]! += pixels[at + 1]!
    sum[2]! += pixels[at + 2]!
    n++
  }
  for (let d = 1; d <= 2; d++) {
    for (let x = from - d; x < to + d; x++) {
      add(x, y0 - d)
      add(x, y1 - 1 + d)
    }
    for (let y = y0; y < y1; y++) {
      add(from - d, y)
      add(to - 1 + d, y)
    }
  }
  return n === 0 ? null : [sum[0]! / n, sum[1]! / n, sum[2]! / n]
}

/** Recolours the pixels outside the mask: a random channel order, then a blend of 30–80% towards a random colour. */
export function recolourContext(pixels: Uint8Array, size: number, mask: Uint8Array, random: Random): void {
  const order = [0, 1, 2]
  for (let i = 2; i > 0; i--) {
    const j = random.int(0, i)
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  const tint = [random.int(0, 255), random.int(0, 255), random.int(0, 255)]
  const share = random.float(0.3, 0.8)
  const keep = 1 - share
  const [r, g, b] = order as [number, number, number]
  for (let p = 0; p < size * size; p++) {
    if (mask[p] === 1) continue
    const at = p * 3
    const red = pixels[at + r]!
    const green = pixels[at + g]!
    const blue = pixels[at + b]!
    pixels[at] = Math.round(keep * red + share * tint[0]!)
    pixels[at + 1] = Math.round(keep * green + share * tint[1]!)
    pixels[at + 2] = Math.round(keep * blue + share * tint[2]!)
  }
}
