import { hashSeed } from '../../../shared/prng'
import type { ClassDescription } from './class-catalog'
import { hexToRgb, resolveDemoClasses, rgbToHex, zipfWeight, type DemoClass, type Rgb, type ShapeKind } from './demo-classes'
import type { Backdrop } from './image-plan'

/** A class of the challenge set: drawn like a demo class; `boxed` is false for classes with image-level labels only. */
export interface ChallengeClass extends DemoClass {
  boxed: boolean
}

/** The real class lists a challenge set draws its classes from (class-catalog.ts reads them from resources/data). */
export interface ClassSources {
  boxable: readonly ClassDescription[]
  /** The tuning set's classes, commonest first (tuning-label-names.csv's order). */
  tuning: readonly ClassDescription[]
  ancestors: ReadonlyMap<string, readonly string[]>
}

/** The most classes one set can draw: each needs its own colour on the 216-colour web-safe grid, away from the backdrops. */
export const maxChallengeClasses = 150

/** Share of the classes that are not boxable (image-level labels only), like Street or Wood in the real tuning set. */
const unboxedShare = 0.15

const shapeKinds: readonly ShapeKind[] = ['ellipse', 'rect', 'roundRect']

/**
 * Picks `count` real classes, commonest first, with Zipf weights and a distinct look each. The demo's 30
 * recognizable boxable classes come first (Person at the head); then boxable leaves of the real tuning set,
 * commonest first, then other boxable leaves; and, at evenly spread ranks, 15 % non-boxable classes of the
 * tuning set (Street, Wood, Drawing…), drawn like the others but never boxed. New classes get the web-safe
 * colour farthest from every colour taken and from `avoid` (the backdrops), so a pixel's colour still names
 * its class. The choice does not depend on the seed: sets of any seed share their classes.
 */
export function chooseChallengeClasses(count: number, sources: ClassSources, avoid: readonly Backdrop[]): ChallengeClass[] {
  if (!Number.isInteger(count) || count < 1 || count > maxChallengeClasses) {
    throw new RangeError(`classes must be a whole number from 1 to ${maxChallengeClasses}, got ${count}`)
  }
  const unboxedCount = count >= 5 ? Math.round(count * unboxedShare) : 0
  const boxed = boxedClasses(count - unboxedCount, sources)
  const unboxed = unboxedClasses(unboxedCount, sources)
  const ranked: Array<{ cls: ClassDescription; boxed: boolean; demo?: DemoClass }> = boxed.map((b) => ({ ...b, boxed: true }))
  unboxed.forEach((cls, i) => ranked.splice(Math.round(((i + 0.5) * count) / unboxedCount), 0, { cls, boxed: false }))
  const palette = new ColourPicker([
    ...boxed.flatMap((b) => (b.demo ? [b.demo.colour] : [])),
    ...avoid.flat(),
  ])
  return ranked.map(({ cls, boxed, demo }, rank) => {
    const look = demo ?? newLook(cls, rank, palette.next())
    return { ...look, code: cls.code, name: cls.description, weight: zipfWeight(rank), ancestors: [...(sources.ancestors.get(cls.code) ?? [])], boxed }
  })
}

function boxedClasses(count: number, { boxable, tuning, ancestors }: ClassSources): Array<{ cls: ClassDescription; demo?: DemoClass }> {
  const chosen: Array<{ cls: ClassDescription; demo?: DemoClass }> = resolveDemoClasses(boxable, ancestors)
    .slice(0, count)
    .map((demo) => ({ cls: { code: demo.code, description: demo.name }, demo }))
  const taken = new Set(chosen.map((c) => c.cls.code))
  const internal = new Set([...ancestors.values()].flat())
  const boxableCodes = new Set(boxable.map((c) => c.code))
  const candidates = [...tuning.filter((c) => boxableCodes.has(c.code)), ...boxable]
  for (const cls of candidates) {
    if (chosen.length >= count) break
    if (taken.has(cls.code) || internal.has(cls.code)) continue
    taken.add(cls.code)
    chosen.push({ cls })
  }
  return chosen
}

function unboxedClasses(count: number, { boxable, tuning }: ClassSources): ClassDescription[] {
  const boxableCodes = new Set(boxable.map((c) => c.code))
  return tuning.filter((c) => !boxableCodes.has(c.code)).slice(0, count)
}

/** A look for a class the demo does not draw: shapes in turn, an aspect from the code's hash, the next free colour. */
function newLook(cls: ClassDescription, rank: number, colour: string): Omit<DemoClass, 'code' | 'weight' | 'ancestors'> {
  const aspect = 0.4 + (hashSeed('aspect', cls.code) % 1000) / 500
  return { name: cls.description, shape: shapeKinds[rank % shapeKinds.length]!, colour, aspect: Math.round(aspect * 100) / 100 }
}

/** Hands out web-safe colours, each the farthest (Euclidean, RGB) from every colour taken or avoided so far. */
class ColourPicker {
  private readonly taken: Rgb[]
  private readonly free: Rgb[]

  constructor(taken: readonly string[]) {
    this.taken = taken.map(hexToRgb)
    const levels = [0, 0x33, 0x66, 0x99, 0xcc, 0xff]
    const used = new Set(taken.map((hex) => hex.toLowerCase()))
    this.free = levels
      .flatMap((r) => levels.flatMap((g) => levels.map((b) => ({ r, g, b }))))
      .filter((rgb) => !used.has(rgbToHex(rgb)))
  }

  next(): string {
    let best = 0
    let bestDistance = -1
    this.free.forEach((rgb, i) => {
      const distance = Math.min(...this.taken.map((t) => (t.r - rgb.r) ** 2 + (t.g - rgb.g) ** 2 + (t.b - rgb.b) ** 2))
      if (distance > bestDistance) [best, bestDistance] = [i, distance]
    })
    const [rgb] = this.free.splice(best, 1)
    this.taken.push(rgb!)
    return rgbToHex(rgb!)
  }
}
