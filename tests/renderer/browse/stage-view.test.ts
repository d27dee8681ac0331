import { describe, expect, it } from 'vitest'
import {
  clampView,
  fitScale,
  fitView,
  frameRect,
  isFitted,
  panBy,
  scaleLimits,
  wheelFactor,
  zoomAbout,
  type StageView,
} from '../../../src/renderer/browse/view/stage-view'

const image = { width: 400, height: 300 }
const stage = { width: 1000, height: 500 }

/** Where an image point (image pixels) lands on the stage under a view. */
const onStage = (view: StageView, x: number, y: number) => ({ x: view.x + x * view.scale, y: view.y + y * view.scale })

describe('fitView', () => {
  it('fits the limiting side and centres the other', () => {
    const view = fitView(image, stage)
    expect(view.scale).toBeCloseTo(500 / 300)
    expect(view.y).toBeCloseTo(0)
    expect(view.x).toBeCloseTo((1000 - 400 * view.scale) / 2)
    expect(isFitted(view, image, stage)).toBe(true)
  })

  it('fits a tall image by its height and a wide one by its width, upscaling small images', () => {
    expect(fitScale({ width: 100, height: 1000 }, stage)).toBeCloseTo(0.5)
    expect(fitScale({ width: 4000, height: 100 }, stage)).toBeCloseTo(0.25)
    expect(fitScale({ width: 10, height: 10 }, stage)).toBeCloseTo(50)
  })

  it('does not divide by zero for an empty stage or image', () => {
    expect(fitScale({ width: 0, height: 0 }, stage)).toBe(1)
    expect(fitView(image, { width: 0, height: 0 }).scale).toBe(1)
  })
})

describe('zoomAbout', () => {
  it('keeps the image point under the cursor where it was', () => {
    const fit = fitView(image, stage)
    const at = { x: 600, y: 200 }
    const before = { x: (at.x - fit.x) / fit.scale, y: (at.y - fit.y) / fit.scale }
    const zoomed = zoomAbout(fit, 2, at, image, stage)
    expect(zoomed.scale).toBeCloseTo(fit.scale * 2)
    const after = onStage(zoomed, before.x, before.y)
    expect(after.x).toBeCloseTo(at.x)
    expect(after.y).toBeCloseTo(at.y)
  })

  it('never zooms out past fit, and stops at the upper limit', () => {
    const fit = fitView(image, stage)
    expect(zoomAbout(fit, 0.5, { x: 10, y: 10 }, image, stage)).toEqual(fit)
    const { max } = scaleLimits(image, stage)
    let view = fit
    for (let i = 0; i < 50; i++) view = zoomAbout(view, 1.5, { x: 500, y: 250 }, image, stage)
    expect(view.scale).toBeCloseTo(max)
    expect(max).toBeGreaterThanOrEqual(8)
  })

  it('zooming in and out again about the same point comes back to the start', () => {
    const fit = fitView(image, stage)
    const at = { x: 300, y: 100 }
    const there = zoomAbout(zoomAbout(fit, 3, at, image, stage), 2, at, image, stage)
    const back = zoomAbout(zoomAbout(there, 1 / 2, at, image, stage), 1 / 3, at, image, stage)
    expect(back.scale).toBeCloseTo(fit.scale)
    expect(back.x).toBeCloseTo(fit.x)
    expect(back.y).toBeCloseTo(fit.y)
  })
})

describe('clampView and panBy', () => {
  it('keeps a zoomed image covering the stage, with no gap at any edge', () => {
    const zoomed = zoomAbout(fitView(image, stage), 4, { x: 500, y: 250 }, image, stage)
    const farLeft = panBy(zoomed, 10_000, 10_000, image, stage)
    expect(farLeft.x).toBe(0)
    expect(farLeft.y).toBe(0)
    const farRight = panBy(zoomed, -10_000, -10_000, image, stage)
    expect(farRight.x).toBeCloseTo(stage.width - image.width * zoomed.scale)
    expect(farRight.y).toBeCloseTo(stage.height - image.height * zoomed.scale)
  })

  it('moves by the drag while there is room', () => {
    const zoomed = zoomAbout(fitView(image, stage), 4, { x: 500, y: 250 }, image, stage)
    const moved = panBy(zoomed, 30, -20, image, stage)
    expect(moved.x).toBeCloseTo(zoomed.x + 30)
    expect(moved.y).toBeCloseTo(zoomed.y - 20)
    expect(moved.scale).toBe(zoomed.scale)
  })

  it('centres an axis the image does not fill, whatever the pan', () => {
    const fit = fitView(image, stage)
    const panned = panBy(fit, 200, 200, image, stage)
    expect(panned).toEqual(fit)
  })

  it('pulls an out-of-range scale into the limits', () => {
    const { min, max } = scaleLimits(image, stage)
    expect(clampView({ scale: 0.001, x: 0, y: 0 }, image, stage).scale).toBe(min)
    expect(clampView({ scale: 1e6, x: 0, y: 0 }, image, stage).scale).toBe(max)
  })
})

describe('frameRect', () => {
  it('centres a box and makes it as large as the stage allows within the margin', () => {
    const rect = { xMin: 0.5, xMax: 0.7, yMin: 0.2, yMax: 0.4 }
    const view = frameRect(rect, image, stage, 40)
    // 80 × 60 image pixels into 920 × 420 stage pixels: the height limits.
    expect(view.scale).toBeCloseTo(420 / 60)
    const topLeft = onStage(view, rect.xMin * image.width, rect.yMin * image.height)
    const bottomRight = onStage(view, rect.xMax * image.width, rect.yMax * image.height)
    expect((topLeft.x + bottomRight.x) / 2).toBeCloseTo(stage.width / 2)
    expect((topLeft.y + bottomRight.y) / 2).toBeCloseTo(stage.height / 2)
  })

  it('stops at the zoom limit for a tiny box', () => {
    const view = frameRect({ xMin: 0.5, xMax: 0.501, yMin: 0.5, yMax: 0.501 }, image, stage)
    expect(view.scale).toBeCloseTo(scaleLimits(image, stage).max)
  })

  it('falls back to fit for a box as large as the image', () => {
    expect(frameRect({ xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, image, stage)).toEqual(fitView(image, stage))
  })
})

describe('wheelFactor', () => {
  it('zooms in for a wheel turned up, out for down, by about 1.2 per notch', () => {
    expect(wheelFactor(-100, 0)).toBeGreaterThan(1.15)
    expect(wheelFactor(-100, 0)).toBeLessThan(1.25)
    expect(wheelFactor(100, 0)).toBeCloseTo(1 / wheelFactor(-100, 0))
    expect(wheelFactor(-3, 1)).toBeCloseTo(wheelFactor(-48, 0))
    expect(wheelFactor(-100_000, 0)).toBeCloseTo(wheelFactor(-300, 0))
  })
})
