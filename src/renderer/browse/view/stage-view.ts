/**
 * The image view's zoom and pan as plain numbers, so they can be tested without a DOM. The image
 * (and its boxes, in the same layer) is drawn `scale` CSS pixels per image pixel with its top-left
 * corner at (`x`, `y`) in the stage, the area that shows it.
 */

export interface Size {
  width: number
  height: number
}

export interface Point {
  x: number
  y: number
}

export interface StageView {
  /** CSS pixels per image pixel. */
  scale: number
  /** The image's top-left corner in stage pixels. */
  x: number
  y: number
}

/** A rectangle in normalized image coordinates (0..1), as boxes are given. */
export interface NormalizedRect {
  xMin: number
  xMax: number
  yMin: number
  yMax: number
}

/** How far past fit the view zooms: this many times fit, and at least this many CSS pixels per image pixel. */
const maxZoomOverFit = 8
const maxPixelScale = 8

/** The scale at which the whole image just fits the stage (upscaled when the image is smaller). */
export function fitScale(image: Size, stage: Size): number {
  if (image.width <= 0 || image.height <= 0 || stage.width <= 0 || stage.height <= 0) return 1
  return Math.min(stage.width / image.width, stage.height / image.height)
}

/** The zoom range: from fit (nothing smaller is useful) to well past one image pixel per screen pixel. */
export function scaleLimits(image: Size, stage: Size): { min: number; max: number } {
  const fit = fitScale(image, stage)
  return { min: fit, max: Math.max(fit * maxZoomOverFit, maxPixelScale) }
}

/** The whole image, as large as the stage allows, centred. */
export function fitView(image: Size, stage: Size): StageView {
  const scale = fitScale(image, stage)
  return { scale, x: (stage.width - image.width * scale) / 2, y: (stage.height - image.height * scale) / 2 }
}

/** One axis of `clampView`: centred when the image is narrower than the stage, else no gap at either edge. */
function clampOffset(offset: number, drawn: number, room: number): number {
  if (drawn <= room) return (room - drawn) / 2
  return Math.min(0, Math.max(room - drawn, offset))
}

/** The view with its scale within the limits and the image pulled back so it never leaves a gap it could fill. */
export function clampView(view: StageView, image: Size, stage: Size): StageView {
  const { min, max } = scaleLimits(image, stage)
  const scale = Math.min(max, Math.max(min, view.scale))
  return {
    scale,
    x: clampOffset(view.x, image.width * scale, stage.width),
    y: clampOffset(view.y, image.height * scale, stage.height),
  }
}

/**
 * Zooms by `factor` keeping the image point under `at` (stage pixels) where it is: the wheel zooms
 * around the cursor, the keys around the stage's centre.
 */
export function zoomAbout(view: StageView, factor: number, at: Point, image: Size, stage: Size): StageView {
  const { min, max } = scaleLimits(image, stage)
  const scale = Math.min(max, Math.max(min, view.scale * factor))
  const ratio = scale / view.scale
  return clampView({ scale, x: at.x - (at.x - view.x) * ratio, y: at.y - (at.y - view.y) * ratio }, image, stage)
}

/** Moves the image by a drag of (dx, dy) stage pixels from where the drag started. */
export function panBy(view: StageView, dx: number, dy: number, image: Size, stage: Size): StageView {
  return clampView({ scale: view.scale, x: view.x + dx, y: view.y + dy }, image, stage)
}

/** Whether the view is (within a hair) the fitted one, so the controls can say "fit". */
export function isFitted(view: StageView, image: Size, stage: Size): boolean {
  return Math.abs(view.scale - fitScale(image, stage)) < 1e-6
}

/** A view that shows `rect` (normalized) as large as the stage allows with `margin` stage pixels around it, centred. */
export function frameRect(rect: NormalizedRect, image: Size, stage: Size, margin = 40): StageView {
  const width = Math.max(1, Math.abs(rect.xMax - rect.xMin) * image.width)
  const height = Math.max(1, Math.abs(rect.yMax - rect.yMin) * image.height)
  const room = { width: Math.max(1, stage.width - 2 * margin), height: Math.max(1, stage.height - 2 * margin) }
  const { min, max } = scaleLimits(image, stage)
  const scale = Math.min(max, Math.max(min, Math.min(room.width / width, room.height / height)))
  const centre = {
    x: ((rect.xMin + rect.xMax) / 2) * image.width * scale,
    y: ((rect.yMin + rect.yMax) / 2) * image.height * scale,
  }
  return clampView({ scale, x: stage.width / 2 - centre.x, y: stage.height / 2 - centre.y }, image, stage)
}

/** The zoom factor of one wheel event: smooth for trackpads, about 1.2× per mouse-wheel notch. */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY
  return Math.exp(-Math.max(-300, Math.min(300, pixels)) * 0.0018)
}

/** The zoom factor of one +/- key press or button click. */
export const zoomStep = 1.25
