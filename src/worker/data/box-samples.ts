import type { Db } from '../../main/db/connection'
import { boxStageCandidates } from '../../main/db/queries/boxable-classes'
import type { RunConfig, StageConfig } from '../../shared/training/config'
import { growFloat32, growUint32 } from './growable'
import { describeImages, scanTrainingImages, splitByHash, type SampleImage } from './training-images'

/** A box in normalized image coordinates (0–1). */
export interface Box {
  xMin: number
  xMax: number
  yMin: number
  yMax: number
}

/** A class of the box stage's softmax head. */
export interface BoxClass {
  id: number
  code: string
  name: string
  /** Box samples of the class in the training part. */
  trainBoxes: number
}

/**
 * One side of the box data, as columns (14.6 M boxes as objects would take ~2 GB): sample i is a crop of
 * `images[imageIndexes[i]]` at `coords[4i … 4i+3]` (xMin, xMax, yMin, yMax) of class `classIndexes[i]`.
 * Samples of one image are adjacent; images in hash order. `boxSampleAt` builds the object form.
 */
export interface BoxSplit {
  images: SampleImage[]
  count: number
  imageIndexes: Uint32Array
  classIndexes: Int32Array
  coords: Float32Array
}

export interface BoxSamples {
  classes: BoxClass[]
  train: BoxSplit
  validation: BoxSplit
}

/** A box sample as one object (built on demand). */
export interface BoxSample {
  file: string
  imageId: number
  classIndex: number
  box: Box
}

/** Boxes smaller than this share of the image's area are too small to crop. */
export const minBoxArea = 0.01

/**
 * The box stage's data: one sample per human box (every box in the catalog is human in Open Images) on a
 * train-split image with a file, skipping group-of boxes and boxes under 1% of the image area. Classes:
 * the boxable ones with such a box (with no boxable list indexed, every class with one), ordered by code.
 * Training and validation split by the same image hash as the label stage (so stage 2 validates on images
 * stage 1 never saw); caps count images.
 *
 * One pass over the boxes table, two over the train images. Memory: 24 B per kept box while scanning
 * plus 4 B per box for grouping by image (~28 MB per million boxes), 24 B per returned sample, and
 * 150–200 B per returned image. Time: about 1.5 µs per box row and 3 µs per train image (2 cores: 1 M
 * boxes on 200 k images in 2.5 s), so ~30 s at full scale.
 */
export function loadBoxSamples(db: Db, config: RunConfig, _stage: StageConfig): BoxSamples {
  const images = scanTrainingImages(db)
  const candidates = boxStageCandidates(db)
  const indexOfId = new Int32Array(candidates.reduce((max, c) => Math.max(max, c.id), 0) + 1).fill(-1)
  candidates.forEach((c, i) => (indexOfId[c.id] = i))

  const slots = growUint32()
  const classes = growUint32()
  const coords = growFloat32()
  const rows = db.prepare('SELECT image_id, class_id, x_min, x_max, y_min, y_max FROM boxes WHERE is_group_of = 0').raw()
  for (const [imageId, classId, xMin, xMax, yMin, yMax] of rows.iterate() as Iterable<[number, number, number, number, number, number]>) {
    if ((xMax - xMin) * (yMax - yMin) < minBoxArea) continue
    const slot = imageId < images.slotOfId.length ? images.slotOfId[imageId]! : -1
    const cls = classId < indexOfId.length ? indexOfId[classId]! : -1
    if (slot < 0 || cls < 0) continue
    slots.push(slot)
    classes.push(cls)
    coords.reserve(4)
    coords.push(xMin)
    coords.push(xMax)
    coords.push(yMin)
    coords.push(yMax)
  }
  const boxSlot = slots.view()
  const boxClass = classes.view()
  const boxCoords = coords.view()

  // group boxes by image slot (counting sort)
  const firstOf = new Uint32Array(images.count + 1)
  for (const slot of boxSlot) firstOf[slot + 1]!++
  for (let s = 0; s < images.count; s++) firstOf[s + 1]! += firstOf[s]!
  const bySlot = new Uint32Array(boxSlot.length)
  const fill = firstOf.slice(0, images.count)
  boxSlot.forEach((slot, b) => (bySlot[fill[slot]!++] = b))

  const hasBoxes = (slot: number): boolean => firstOf[slot + 1]! > firstOf[slot]!
  const lists = splitByHash(images, hasBoxes, config.validationFraction, { train: config.maxImages, validation: config.maxValidationImages })

  const classCounts = new Uint32Array(candidates.length)
  const everCounts = new Uint32Array(candidates.length)
  for (const slot of lists.train) for (let k = firstOf[slot]!; k < firstOf[slot + 1]!; k++) classCounts[boxClass[bySlot[k]!]!]!++
  boxClass.forEach((cls) => everCounts[cls]!++)
  const headOf = new Int32Array(candidates.length).fill(-1)
  const head: BoxClass[] = []
  candidates.forEach((c, i) => {
    if (everCounts[i]! === 0) return
    headOf[i] = head.length
    head.push({ ...c, trainBoxes: classCounts[i]! })
  })

  const [trainImages, validationImages] = describeImages(db, images, [lists.train, lists.validation])
  const split = (list: Uint32Array, described: SampleImage[]): BoxSplit => {
    const count = list.reduce((sum, slot) => sum + firstOf[slot + 1]! - firstOf[slot]!, 0)
    const out: BoxSplit = { images: described, count, imageIndexes: new Uint32Array(count), classIndexes: new Int32Array(count), coords: new Float32Array(count * 4) }
    let at = 0
    list.forEach((slot, imageIndex) => {
      for (let k = firstOf[slot]!; k < firstOf[slot + 1]!; k++, at++) {
        const b = bySlot[k]!
        out.imageIndexes[at] = imageIndex
        out.classIndexes[at] = headOf[boxClass[b]!]!
        out.coords.set(boxCoords.subarray(b * 4, b * 4 + 4), at * 4)
      }
    })
    return out
  }
  return { classes: head, train: split(lists.train, trainImages!), validation: split(lists.validation, validationImages!) }
}

/** Sample `index` of a box split as one object. */
export function boxSampleAt(split: BoxSplit, index: number): BoxSample {
  const image = split.images[split.imageIndexes[index]!]!
  const c = split.coords
  const box = { xMin: c[index * 4]!, xMax: c[index * 4 + 1]!, yMin: c[index * 4 + 2]!, yMax: c[index * 4 + 3]! }
  return { file: image.file, imageId: image.id, classIndex: split.classIndexes[index]!, box }
}
