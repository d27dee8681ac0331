import type { ClassDescription } from './class-catalog'

/** The shapes the demo draws; each fills exactly its box (no stroke), so a box is the shape's extent. */
export type ShapeKind = 'rect' | 'ellipse' | 'roundRect'

/**
 * How the demo draws one class: `aspect` is the typical width / height of an instance. Colours sit on the
 * 6-level web-safe grid, so any two differ by at least 51 in some channel: far more than JPEG's error inside
 * a shape, so a pixel's colour names its class.
 */
interface DemoClassSpec {
  name: string
  shape: ShapeKind
  colour: string
  aspect: number
}

/** A demo class resolved against the real boxable list. `weight` is its Zipf share of drawn objects. */
export interface DemoClass extends DemoClassSpec {
  code: string
  weight: number
  ancestors: string[]
}

/**
 * Recognizable boxable classes, most frequent first: drawing them with Zipf weights in this order gives
 * the long tail that real Open Images has (Person everywhere, Pizza rarely). Looked up by name at run time.
 */
const demoClassSpecs: readonly DemoClassSpec[] = [
  { name: 'Person', shape: 'roundRect', colour: '#cc3333', aspect: 0.45 },
  { name: 'Man', shape: 'roundRect', colour: '#3366cc', aspect: 0.42 },
  { name: 'Woman', shape: 'roundRect', colour: '#cc3399', aspect: 0.42 },
  { name: 'Car', shape: 'roundRect', colour: '#ffcc00', aspect: 2.0 },
  { name: 'Tree', shape: 'ellipse', colour: '#339933', aspect: 0.7 },
  { name: 'Building', shape: 'rect', colour: '#996633', aspect: 0.75 },
  { name: 'Dog', shape: 'ellipse', colour: '#cc9966', aspect: 1.4 },
  { name: 'Chair', shape: 'rect', colour: '#663399', aspect: 0.8 },
  { name: 'Flower', shape: 'ellipse', colour: '#ff99cc', aspect: 1.0 },
  { name: 'Bird', shape: 'ellipse', colour: '#33cccc', aspect: 1.3 },
  { name: 'Cat', shape: 'ellipse', colour: '#ff9933', aspect: 1.2 },
  { name: 'Bottle', shape: 'roundRect', colour: '#66cc99', aspect: 0.35 },
  { name: 'Table', shape: 'rect', colour: '#663300', aspect: 1.8 },
  { name: 'Boat', shape: 'roundRect', colour: '#ccffff', aspect: 2.2 },
  { name: 'Bicycle', shape: 'ellipse', colour: '#333333', aspect: 1.6 },
  { name: 'House', shape: 'rect', colour: '#990000', aspect: 1.2 },
  { name: 'Bus', shape: 'roundRect', colour: '#ff6600', aspect: 2.4 },
  { name: 'Horse', shape: 'ellipse', colour: '#663333', aspect: 1.3 },
  { name: 'Apple', shape: 'ellipse', colour: '#ff0033', aspect: 1.0 },
  { name: 'Truck', shape: 'rect', colour: '#336699', aspect: 2.0 },
  { name: 'Airplane', shape: 'ellipse', colour: '#ccccff', aspect: 2.6 },
  { name: 'Book', shape: 'rect', colour: '#003399', aspect: 0.75 },
  { name: 'Clock', shape: 'ellipse', colour: '#ffffcc', aspect: 1.0 },
  { name: 'Lamp', shape: 'roundRect', colour: '#ffcc66', aspect: 0.5 },
  { name: 'Umbrella', shape: 'ellipse', colour: '#9933cc', aspect: 1.8 },
  { name: 'Banana', shape: 'ellipse', colour: '#ffff33', aspect: 2.8 },
  { name: 'Guitar', shape: 'roundRect', colour: '#cc6600', aspect: 0.4 },
  { name: 'Duck', shape: 'ellipse', colour: '#99cc33', aspect: 1.3 },
  { name: 'Motorcycle', shape: 'roundRect', colour: '#666666', aspect: 1.6 },
  { name: 'Pizza', shape: 'ellipse', colour: '#ffcc99', aspect: 1.0 },
]

/** Exponent of the Zipf law over the class ranks; 1.1 makes the tail about 40 times rarer than the head. */
const zipfExponent = 1.1

/** The Zipf share of the class at `rank` (0 = the commonest), unnormalized: the long tail of real Open Images. */
export function zipfWeight(rank: number): number {
  return 1 / Math.pow(rank + 1, zipfExponent)
}

/**
 * Resolves the demo classes against the boxable list by name (codes are never hard-coded) and attaches
 * Zipf weights and hierarchy ancestors. Throws if the resource lacks a name, which means a broken resource.
 */
export function resolveDemoClasses(
  boxable: readonly ClassDescription[],
  ancestors: ReadonlyMap<string, readonly string[]>,
): DemoClass[] {
  const codeByName = new Map(boxable.map((c) => [c.description, c.code]))
  return demoClassSpecs.map((spec, rank) => {
    const code = codeByName.get(spec.name)
    if (!code) throw new Error(`boxable class "${spec.name}" not found in class-descriptions-boxable.csv`)
    const weight = zipfWeight(rank)
    return { ...spec, code, weight, ancestors: [...(ancestors.get(code) ?? [])] }
  })
}

/** An sRGB colour as 0..255 channels. */
export interface Rgb {
  r: number
  g: number
  b: number
}

/** Parses `#rrggbb`. */
export function hexToRgb(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16)
  return { r: (value >> 16) & 0xff, g: (value >> 8) & 0xff, b: value & 0xff }
}

/** Formats 0..255 channels (clamped, rounded) as `#rrggbb`. */
export function rgbToHex({ r, g, b }: Rgb): string {
  const channel = (v: number): string =>
    Math.round(Math.min(255, Math.max(0, v)))
      .toString(16)
      .padStart(2, '0')
  return `#${channel(r)}${channel(g)}${channel(b)}`
}

/** Relative luminance 0..1 (Rec. 709 weights on gamma-encoded values, good enough to pick a caption colour). */
export function luminance(hex: string): number {
  const { r, g, b } = hexToRgb(hex)
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
}
