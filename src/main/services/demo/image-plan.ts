import { Random, hashSeed } from '../../../shared/prng'
import { rgbToHex, hexToRgb, type DemoClass } from './demo-classes'

/** A box in pixels, right and bottom exclusive: the visible (clipped) extent of a drawn shape. */
export interface PixelBox {
  left: number
  top: number
  right: number
  bottom: number
}

/** One object as drawn: the full shape (may overhang the border) and its visible box, with the box flags. */
export interface DrawnObject {
  cls: DemoClass
  shape: PixelBox
  box: PixelBox
  occluded: boolean
  truncated: boolean
  depiction: boolean
}

/** The image's backdrop: a flat colour, or a gradient from `from` to `to` (vertical or diagonal). */
export interface Background {
  kind: 'flat' | 'vertical' | 'diagonal'
  from: string
  to: string
}

/** Everything needed to draw one demo image, in drawing order (later objects on top). */
export interface ImageLayout {
  imageId: string
  width: number
  height: number
  background: Background
  objects: DrawnObject[]
}

/** Backdrop palettes that read as scenes: sky, meadow, indoor wall, dusk, overcast, sand. */
const backdrops: ReadonlyArray<readonly [string, string]> = [
  ['#9ec9e8', '#e8f1f6'],
  ['#b7cf9c', '#5f7f45'],
  ['#dccfb8', '#a89c86'],
  ['#56617a', '#c59b8a'],
  ['#c4c4c4', '#8a8a8a'],
  ['#ece0bb', '#cdb98a'],
]

/** The smallest side of a drawn shape in pixels, so every object stays visible in a thumbnail. */
const minShapeSide = 28

/**
 * `count` distinct 16-hex-character image ids for a seed, sorted like the real files are. Ids are drawn
 * from their own PRNG stream, so the same seed always yields the same ids.
 */
export function demoImageIds(seed: number, count: number): string[] {
  const random = new Random(hashSeed('image-ids', seed))
  const ids = new Set<string>()
  while (ids.size < count) ids.add(random.hex32() + random.hex32())
  return [...ids].sort()
}

/** A per-image PRNG for one purpose, independent of the order images are generated in. */
export function imageRandom(seed: number, imageId: string, purpose: string): Random {
  return new Random(hashSeed(purpose, seed, imageId))
}

/**
 * The pixel size of a demo image: landscape 320..480 × 240..360 most of the time, portrait (the same sizes
 * turned) one time in five. Exported so tests can check the JPEG on disk without re-planning the image.
 */
export function demoImageSize(seed: number, imageId: string): { width: number; height: number } {
  const random = imageRandom(seed, imageId, 'size')
  const long = random.int(320, 480)
  const short = Math.min(long, random.int(240, 360))
  return random.chance(0.2) ? { width: short, height: long } : { width: long, height: short }
}

/**
 * Lays out one image: backdrop and 1–4 objects of Zipf-weighted demo classes, a quarter of them allowed to
 * overhang the border by up to 30 % (then clipped and flagged truncated).
 */
export function layoutImage(seed: number, imageId: string, classes: readonly DemoClass[]): ImageLayout {
  const { width, height } = demoImageSize(seed, imageId)
  const random = imageRandom(seed, imageId, 'layout')
  const background = pickBackground(random)
  const weights = classes.map((c) => c.weight)
  const count = 1 + random.weightedIndex([35, 30, 20, 15])
  const objects: DrawnObject[] = []
  for (let i = 0; i < count; i++) {
    const cls = classes[random.weightedIndex(weights)]!
    objects.push(placeObject(random, cls, width, height))
  }
  markOccluded(objects)
  return { imageId, width, height, background, objects }
}

function pickBackground(random: Random): Background {
  const [from, to] = random.pick(backdrops)
  const kind = random.chance(0.3) ? 'flat' : random.chance(0.7) ? 'vertical' : 'diagonal'
  return { kind, from: jitter(random, from), to: jitter(random, to) }
}

function jitter(random: Random, hex: string): string {
  const { r, g, b } = hexToRgb(hex)
  const d = (): number => random.int(-14, 14)
  return rgbToHex({ r: r + d(), g: g + d(), b: b + d() })
}

function placeObject(random: Random, cls: DemoClass, width: number, height: number): DrawnObject {
  const area = random.float(0.03, 0.2) * width * height
  const aspect = cls.aspect * random.float(0.8, 1.25)
  const w = clamp(Math.round(Math.sqrt(area * aspect)), minShapeSide, width)
  const h = clamp(Math.round(Math.sqrt(area / aspect)), minShapeSide, height)
  const overhang = random.chance(0.25) ? 0.3 : 0
  const left = random.int(-Math.floor(overhang * w), width - w + Math.floor(overhang * w))
  const top = random.int(-Math.floor(overhang * h), height - h + Math.floor(overhang * h))
  const shape = { left, top, right: left + w, bottom: top + h }
  const box = {
    left: Math.max(0, shape.left),
    top: Math.max(0, shape.top),
    right: Math.min(width, shape.right),
    bottom: Math.min(height, shape.bottom),
  }
  const truncated = box.left === 0 || box.top === 0 || box.right === width || box.bottom === height
  return { cls, shape, box, occluded: false, truncated, depiction: random.chance(0.04) }
}

/** An object is occluded when a later (upper) object covers at least a tenth of its box. */
function markOccluded(objects: DrawnObject[]): void {
  objects.forEach((object, i) => {
    const area = boxArea(object.box)
    object.occluded = objects.slice(i + 1).some((upper) => overlap(object.box, upper.box) >= 0.1 * area)
  })
}

function overlap(a: PixelBox, b: PixelBox): number {
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left)
  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)
  return w > 0 && h > 0 ? w * h : 0
}

function boxArea(box: PixelBox): number {
  return (box.right - box.left) * (box.bottom - box.top)
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}
