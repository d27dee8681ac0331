import type { Db } from '../../main/db/connection'
import type { SampleImage } from './training-images'

/**
 * Every box of some images, as sparse rows (CSR): image i's boxes are [rowStart[i], rowStart[i + 1]), each four
 * normalised coordinates (xMin, xMax, yMin, yMax) in `coords`. Group-of boxes count (they cover objects too).
 * 16 bytes a box: 14.6 M boxes at full scale take ~230 MB, so it loads only for context augmentation.
 */
export interface ImageBoxes {
  rowStart: Uint32Array
  coords: Float32Array
}

/** The boxes of `images` (by their position), in one pass over the boxes table. */
export function loadImageBoxes(db: Db, images: readonly SampleImage[]): ImageBoxes {
  const positionOf = new Map<number, number>()
  images.forEach((image, i) => positionOf.set(image.id, i))
  const counts = new Uint32Array(images.length)
  const rows = db.prepare('SELECT image_id, x_min, x_max, y_min, y_max FROM boxes').raw().all() as Array<[number, number, number, number, number]>
  for (const [imageId] of rows) {
    const at = positionOf.get(imageId)
    if (at !== undefined) counts[at]!++
  }
  const rowStart = new Uint32Array(images.length + 1)
  for (let i = 0; i < images.length; i++) rowStart[i + 1] = rowStart[i]! + counts[i]!
  const coords = new Float32Array(rowStart[images.length]! * 4)
  const filled = new Uint32Array(images.length)
  for (const [imageId, xMin, xMax, yMin, yMax] of rows) {
    const at = positionOf.get(imageId)
    if (at === undefined) continue
    coords.set([xMin, xMax, yMin, yMax], (rowStart[at]! + filled[at]!++) * 4)
  }
  return { rowStart, coords }
}

/** Image `index`'s boxes (a view: four coordinates a box). */
export function boxesOf(boxes: ImageBoxes, index: number): Float32Array {
  return boxes.coords.subarray(boxes.rowStart[index]! * 4, boxes.rowStart[index + 1]! * 4)
}
