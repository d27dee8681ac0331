import type { NormalizedRect } from '../browse/view/stage-view'

/**
 * Box drawing and editing as plain numbers, so it can be tested without a DOM. Every rectangle is in
 * normalized image coordinates (0..1 of the image's natural size), as the annotate API takes them.
 */

export interface NormalizedPoint {
  x: number
  y: number
}

/** Where an element is on the screen (a DOMRect's fields). */
export interface ScreenRect {
  left: number
  top: number
  width: number
  height: number
}

/** The smallest width and height a box may have, normalized. */
export interface MinSize {
  width: number
  height: number
}

/** The eight grips of a selected box: edges by compass point, corners by two. */
export const boxHandles = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'] as const
export type BoxHandle = (typeof boxHandles)[number]

/** Coordinates are sent with this many decimals (the CSV files carry about six). */
const decimals = 6

export const clamp01 = (value: number) => Math.min(1, Math.max(0, value))

const round = (value: number) => Math.round(value * 10 ** decimals) / 10 ** decimals

/** A pointer position over the drawn image, normalized and clamped to the image. */
export function pointIn(image: ScreenRect, clientX: number, clientY: number): NormalizedPoint {
  if (image.width <= 0 || image.height <= 0) return { x: 0, y: 0 }
  return { x: clamp01((clientX - image.left) / image.width), y: clamp01((clientY - image.top) / image.height) }
}

/** The smallest box the pointer makes on purpose: `pixels` screen pixels each way on the drawn image. */
export function minSizeOn(image: ScreenRect, pixels = 4): MinSize {
  return { width: image.width > 0 ? pixels / image.width : 1, height: image.height > 0 ? pixels / image.height : 1 }
}

/** The rectangle rounded to the decimals sent, still inside 0..1. */
export function roundRect(rect: NormalizedRect): NormalizedRect {
  return { xMin: clamp01(round(rect.xMin)), xMax: clamp01(round(rect.xMax)), yMin: clamp01(round(rect.yMin)), yMax: clamp01(round(rect.yMax)) }
}

/** Whether a rectangle has an area once rounded: zero-area boxes are never sent. */
export function hasArea(rect: NormalizedRect): boolean {
  const r = roundRect(rect)
  return r.xMax > r.xMin && r.yMax > r.yMin
}

/**
 * The box a drag from `from` to `to` spans (either direction), clamped to the image and rounded;
 * null for a click without a drag: less than `min` either way, or no area left after clamping.
 */
export function dragRect(from: NormalizedPoint, to: NormalizedPoint, min: MinSize): NormalizedRect | null {
  const rect = roundRect({
    xMin: Math.min(from.x, to.x),
    xMax: Math.max(from.x, to.x),
    yMin: Math.min(from.y, to.y),
    yMax: Math.max(from.y, to.y),
  })
  if (rect.xMax - rect.xMin < min.width || rect.yMax - rect.yMin < min.height) return null
  return hasArea(rect) ? rect : null
}

/** The box moved by (dx, dy), normalized, keeping its size and stopping at the image's edges. */
export function moveRect(rect: NormalizedRect, dx: number, dy: number): NormalizedRect {
  const width = rect.xMax - rect.xMin
  const height = rect.yMax - rect.yMin
  const xMin = Math.min(1 - width, Math.max(0, rect.xMin + dx))
  const yMin = Math.min(1 - height, Math.max(0, rect.yMin + dy))
  return roundRect({ xMin, xMax: xMin + width, yMin, yMax: yMin + height })
}

/** `value` within lo..hi; lo wins when the range is empty. */
const within = (value: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, value))

/**
 * The box with the edges `handle` grips moved by (dx, dy), normalized: an edge stops at the image's
 * border and `min` short of the opposite edge, so a resize never flips or collapses the box.
 */
export function resizeRect(rect: NormalizedRect, handle: BoxHandle, dx: number, dy: number, min: MinSize): NormalizedRect {
  let { xMin, xMax, yMin, yMax } = rect
  if (handle.includes('w')) xMin = Math.max(0, Math.min(rect.xMax - min.width, rect.xMin + dx))
  if (handle.includes('e')) xMax = within(rect.xMax + dx, rect.xMin + min.width, 1)
  if (handle.includes('n')) yMin = Math.max(0, Math.min(rect.yMax - min.height, rect.yMin + dy))
  if (handle.includes('s')) yMax = within(rect.yMax + dy, rect.yMin + min.height, 1)
  return roundRect({ xMin, xMax: Math.min(1, xMax), yMin, yMax: Math.min(1, yMax) })
}

/** Whether two rectangles are the same once rounded (a drag that ended where it started). */
export function sameRect(a: NormalizedRect, b: NormalizedRect): boolean {
  const [ra, rb] = [roundRect(a), roundRect(b)]
  return ra.xMin === rb.xMin && ra.xMax === rb.xMax && ra.yMin === rb.yMin && ra.yMax === rb.yMax
}

const percent = (value: number) => `${(value * 100).toFixed(4)}%`

/** CSS placing a normalized rectangle in a parent the size of the drawn image. */
export function rectPlacement(rect: NormalizedRect): { left: string; top: string; width: string; height: string } {
  return { left: percent(rect.xMin), top: percent(rect.yMin), width: percent(rect.xMax - rect.xMin), height: percent(rect.yMax - rect.yMin) }
}
