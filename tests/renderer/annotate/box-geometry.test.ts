import { describe, expect, it } from 'vitest'
import { dragRect, hasArea, minSizeOn, moveRect, pointIn, resizeRect, roundRect, sameRect } from '../../../src/renderer/annotate/box-geometry'

/** The image drawn at (100, 50), 400 × 200 CSS pixels: a 4 px minimum is 0.01 × 0.02. */
const image = { left: 100, top: 50, width: 400, height: 200 }
const min = minSizeOn(image)
const box = { xMin: 0.2, xMax: 0.6, yMin: 0.3, yMax: 0.7 }

describe('pointIn', () => {
  it('normalizes a pointer position over the drawn image', () => {
    expect(pointIn(image, 100, 50)).toEqual({ x: 0, y: 0 })
    expect(pointIn(image, 300, 150)).toEqual({ x: 0.5, y: 0.5 })
    expect(pointIn(image, 500, 250)).toEqual({ x: 1, y: 1 })
  })

  it('clamps a pointer beside the image to its edge', () => {
    expect(pointIn(image, 20, 400)).toEqual({ x: 0, y: 1 })
    expect(pointIn(image, 900, -30)).toEqual({ x: 1, y: 0 })
  })

  it('does not divide by zero for an image not laid out yet', () => {
    expect(pointIn({ left: 0, top: 0, width: 0, height: 0 }, 5, 5)).toEqual({ x: 0, y: 0 })
  })
})

describe('dragRect', () => {
  it('spans the drag in either direction, as the screen drag was, normalized', () => {
    const from = pointIn(image, 180, 110)
    const to = pointIn(image, 340, 190)
    const expected = { xMin: 0.2, xMax: 0.6, yMin: 0.3, yMax: 0.7 }
    expect(dragRect(from, to, min)).toEqual(expected)
    expect(dragRect(to, from, min)).toEqual(expected)
    expect(dragRect({ x: from.x, y: to.y }, { x: to.x, y: from.y }, min)).toEqual(expected)
  })

  it('clamps a drag that leaves the image to the image', () => {
    expect(dragRect(pointIn(image, 0, 0), pointIn(image, 300, 150), min)).toEqual({ xMin: 0, xMax: 0.5, yMin: 0, yMax: 0.5 })
    expect(dragRect(pointIn(image, 450, 200), pointIn(image, 2000, 900), min)).toEqual({ xMin: 0.875, xMax: 1, yMin: 0.75, yMax: 1 })
  })

  it('draws nothing for a click, a drag thinner than the minimum, or a drag wholly beside the image', () => {
    expect(dragRect({ x: 0.3, y: 0.3 }, { x: 0.3, y: 0.3 }, min)).toBeNull()
    expect(dragRect({ x: 0.3, y: 0.3 }, { x: 0.305, y: 0.6 }, min)).toBeNull()
    expect(dragRect({ x: 0.3, y: 0.3 }, { x: 0.6, y: 0.31 }, min)).toBeNull()
    expect(dragRect(pointIn(image, 0, 60), pointIn(image, 50, 200), min)).toBeNull()
  })

  it('rounds to six decimals and keeps the box inside 0..1', () => {
    const rect = dragRect({ x: 0.1234567891, y: 0 }, { x: 0.9876543219, y: 1 }, min)!
    expect(rect).toEqual({ xMin: 0.123457, xMax: 0.987654, yMin: 0, yMax: 1 })
    for (const value of Object.values(rect)) expect(value).toBeGreaterThanOrEqual(0)
    for (const value of Object.values(rect)) expect(value).toBeLessThanOrEqual(1)
  })
})

describe('moveRect', () => {
  it('moves the box by the drag, keeping its size', () => {
    const moved = moveRect(box, 0.1, -0.2)
    expect(moved.xMin).toBeCloseTo(0.3)
    expect(moved.xMax).toBeCloseTo(0.7)
    expect(moved.yMin).toBeCloseTo(0.1)
    expect(moved.yMax).toBeCloseTo(0.5)
  })

  it('stops at the image edges without shrinking', () => {
    expect(moveRect(box, -0.5, 0)).toEqual({ xMin: 0, xMax: 0.4, yMin: 0.3, yMax: 0.7 })
    expect(moveRect(box, 0.9, 0.9)).toEqual({ xMin: 0.6, xMax: 1, yMin: 0.6, yMax: 1 })
  })
})

describe('resizeRect', () => {
  it('moves only the edges the handle grips', () => {
    expect(resizeRect(box, 'e', 0.1, 0.3, min)).toEqual({ ...box, xMax: 0.7 })
    expect(resizeRect(box, 'w', -0.1, 0.3, min)).toEqual({ ...box, xMin: 0.1 })
    expect(resizeRect(box, 'n', 0.3, -0.1, min)).toEqual({ ...box, yMin: 0.2 })
    expect(resizeRect(box, 's', 0.3, 0.1, min)).toEqual({ ...box, yMax: 0.8 })
    expect(resizeRect(box, 'nw', -0.1, -0.1, min)).toEqual({ xMin: 0.1, xMax: 0.6, yMin: 0.2, yMax: 0.7 })
    expect(resizeRect(box, 'se', 0.1, 0.1, min)).toEqual({ xMin: 0.2, xMax: 0.7, yMin: 0.3, yMax: 0.8 })
    expect(resizeRect(box, 'ne', 0.1, -0.1, min)).toEqual({ xMin: 0.2, xMax: 0.7, yMin: 0.2, yMax: 0.7 })
    expect(resizeRect(box, 'sw', -0.1, 0.1, min)).toEqual({ xMin: 0.1, xMax: 0.6, yMin: 0.3, yMax: 0.8 })
  })

  it('stops at the image border', () => {
    expect(resizeRect(box, 'nw', -1, -1, min)).toEqual({ xMin: 0, xMax: 0.6, yMin: 0, yMax: 0.7 })
    expect(resizeRect(box, 'se', 1, 1, min)).toEqual({ xMin: 0.2, xMax: 1, yMin: 0.3, yMax: 1 })
  })

  it('never flips or collapses the box: an edge stops the minimum short of the opposite one', () => {
    const squeezed = resizeRect(box, 'e', -1, 0, min)
    expect(squeezed.xMax - squeezed.xMin).toBeCloseTo(min.width)
    const lifted = resizeRect(box, 'n', 0, 1, min)
    expect(lifted.yMax - lifted.yMin).toBeCloseTo(min.height)
    for (const handle of ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'] as const) {
      for (const [dx, dy] of [[-2, -2], [2, 2], [2, -2], [-2, 2]] as const) {
        const rect = resizeRect(box, handle, dx, dy, min)
        expect(hasArea(rect), `${handle} ${dx} ${dy}`).toBe(true)
        expect(rect.xMin).toBeGreaterThanOrEqual(0)
        expect(rect.xMax).toBeLessThanOrEqual(1)
        expect(rect.yMin).toBeGreaterThanOrEqual(0)
        expect(rect.yMax).toBeLessThanOrEqual(1)
      }
    }
  })
})

describe('roundRect, hasArea and sameRect', () => {
  it('treats boxes equal to six decimals as the same, and zero-area boxes as empty', () => {
    expect(sameRect(box, { ...box, xMin: 0.2000000004 })).toBe(true)
    expect(sameRect(box, { ...box, xMin: 0.21 })).toBe(false)
    expect(hasArea({ xMin: 0.5, xMax: 0.5, yMin: 0.1, yMax: 0.9 })).toBe(false)
    expect(hasArea({ xMin: 0.5, xMax: 0.5000000001, yMin: 0.1, yMax: 0.9 })).toBe(false)
    expect(roundRect({ xMin: -0.1, xMax: 1.2, yMin: 0, yMax: 1 })).toEqual({ xMin: 0, xMax: 1, yMin: 0, yMax: 1 })
  })
})
