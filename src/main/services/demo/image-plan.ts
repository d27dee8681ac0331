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
  /** The fill, `#rrggbb`: the class colour, jittered when the style asks for it. */
  colour: string
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

/** A backdrop palette: the two ends of its gradient (a flat backdrop uses the first). */
export type Backdrop = readonly [string, string]

/** Backdrop palettes that read as scenes: sky, meadow, indoor wall, dusk, overcast, sand. */
export const demoBackdrops: readonly Backdrop[] = [
  ['#9ec9e8', '#e8f1f6'],
  ['#b7cf9c', '#5f7f45'],
  ['#dccfb8', '#a89c86'],
  ['#56617a', '#c59b8a'],
  ['#c4c4c4', '#8a8a8a'],
  ['#ece0bb', '#cdb98a'],
]

/** Image sizes in pixels: the long side and the short side (at most the long one) drawn uniformly, then turned portrait by chance. */
export interface ImageSizeRange {
  long: readonly [number, number]
  short: readonly [number, number]
  portraitChance: number
}

/**
 * How images are drawn. `classWeights` (aligned with the classes passed to `layoutImage`) overrides each class's
 * own `weight`; `objectCounts[i]` weighs drawing i + 1 objects; `colourJitter` moves each object's fill by up to
 * that much per channel (keep it well under 25: palette colours differ by 51).
 */
export interface LayoutStyle {
  size: ImageSizeRange
  backdrops: readonly Backdrop[]
  classWeights?: readonly number[]
  objectCounts: readonly number[]
  /** The smallest side of a drawn shape in pixels, so every object stays visible in a thumbnail. */
  minShapeSide: number
  colourJitter: number
}

/** The demo's images: 320..480 × 240..360 (portrait one time in five), 1–4 objects, 28 px at least, exact class colours. */
export const demoLayoutStyle: LayoutStyle = {
  size: { long: [320, 480], short: [240, 360], portraitChance: 0.2 },
  backdrops: demoBackdrops,
  objectCounts: [35, 30, 20, 15],
  minShapeSide: 28,
  colourJitter: 0,
}

/**
 * `count` distinct image ids for a seed, sorted like the real files are: 16 hex characters like Open Images
 * training ids, or 24 like the Inclusive Images test ids. Ids are drawn from their own PRNG stream (`stream`
 * names it), so the same seed always yields the same ids.
 */
export function demoImageIds(seed: number, count: number, hexChars: 16 | 24 = 16, stream = 'image-ids'): string[] {
  const random = new Random(hashSeed(stream, seed))
  const ids = new Set<string>()
  while (ids.size < count) ids.add(Array.from({ length: hexChars / 8 }, () => random.hex32()).join(''))
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
  return imageSize(seed, imageId, demoLayoutStyle.size)
}

/** The pixel size of an image drawn with a size range (its own PRNG stream, like `demoImageSize`). */
export function imageSize(seed: number, imageId: string, range: ImageSizeRange): { width: number; height: number } {
  const random = imageRandom(seed, imageId, 'size')
  const long = random.int(...range.long)
  const short = Math.min(long, random.int(...range.short))
  return random.chance(range.portraitChance) ? { width: short, height: long } : { width: long, height: short }
}

/**
 * Lays out one image: backdrop and a few objects of weighted classes (the demo: 1–4, Zipf), a quarter of them
 * allowed to overhang the border by up to 30 % (then clipped and flagged truncated).
 */
export function layoutImage(seed: number, imageId: string, classes: readonly DemoClass[], style: LayoutStyle = demoLayoutStyle): ImageLayout {
  const { width, height } = imageSize(seed, imageId, style.size)
  const random = imageRandom(seed, imageId, 'layout')
  const background = pickBackground(random, style.backdrops)
  const weights = style.classWeights ?? classes.map((c) => c.weight)
  const count = 1 + random.weightedIndex(style.objectCounts)
  const objects: DrawnObject[] = []
  for (let i = 0; i < count; i++) {
    const cls = classes[random.weightedIndex(weights)]!
    objects.push(placeObject(random, cls, width, height, style))
  }
  markOccluded(objects)
  return { imageId, width, height, background, objects }
}

function pickBackground(random: Random, backdrops: readonly Backdrop[]): Background {
  const [from, to] = random.pick(backdrops)
  const kind = random.chance(0.3) ? 'flat' : random.chance(0.7) ? 'vertical' : 'diagonal'
  return { kind, from: jitter(random, from), to: jitter(random, to) }
}

function jitter(random: Random, hex: string, by = 14): string {
  const { r, g, b } = hexToRgb(hex)
  const d = (): number => random.int(-by, by)
  return rgbToHex({ r: r + d(), g: g + d(), b: b + d() })
}

function placeObject(random: Random, cls: DemoClass, width: number, height: number, style: LayoutStyle): DrawnObject {
  const area = random.float(0.03, 0.2) * width * height
  const aspect = cls.aspect * random.float(0.8, 1.25)
  const w = clamp(Math.round(Math.sqrt(area * aspect)), style.minShapeSide, width)
  const h = clamp(Math.round(Math.sqrt(area / aspect)), style.minShapeSide, height)
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
  const depiction = random.chance(0.04)
  const colour = style.colourJitter > 0 ? jitter(random, cls.colour, style.colourJitter) : cls.colour
  return { cls, colour, shape, box, occluded: false, truncated, depiction }
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
