import { describe, expect, it } from 'vitest'
import type { ImageBox } from '../../../src/shared/api/index'
import { describeBox, drawingOrder, flagText, normalizedBox, shownFlags } from '../../../src/renderer/browse/view/box-flags'

function box(overrides: Partial<ImageBox> = {}): ImageBox {
  return {
    boxId: 1,
    source: 'xclick',
    edited: false,
    code: '/m/0bt9lr',
    name: 'Dog',
    xMin: 0.1,
    xMax: 0.5,
    yMin: 0.2,
    yMax: 0.6,
    isOccluded: 0,
    isTruncated: 0,
    isGroupOf: 0,
    isDepiction: 0,
    isInside: 0,
    ...overrides,
  }
}

describe('box flags', () => {
  it('shows set flags as letters in column order and leaves out flags that are 0', () => {
    const flags = shownFlags(box({ isInside: 1, isOccluded: 1, isGroupOf: 1 }))
    expect(flags.map(flagText)).toEqual(['O', 'G', 'I'])
    expect(shownFlags(box())).toEqual([])
  })

  it('marks unknown (-1) flags with a question mark', () => {
    const flags = shownFlags(box({ isTruncated: -1, isDepiction: 1 }))
    expect(flags.map((flag) => [flagText(flag), flag.state])).toEqual([
      ['T?', 'unknown'],
      ['D', 'set'],
    ])
  })

  it('describes a box in words for its tooltip', () => {
    expect(describeBox(box())).toBe('Dog — no flags')
    expect(describeBox(box({ isOccluded: 1, isTruncated: 1, isInside: -1 }))).toBe('Dog — occluded, truncated; unknown: inside')
    expect(describeBox(box({ isGroupOf: -1 }))).toBe('Dog — unknown: group of')
  })
})

describe('normalizedBox', () => {
  it('orders swapped corners and clips to the image', () => {
    expect(normalizedBox({ xMin: 0.7, xMax: 0.2, yMin: -0.1, yMax: 1.3 })).toEqual({ xMin: 0.2, xMax: 0.7, yMin: 0, yMax: 1 })
  })
})

describe('drawingOrder', () => {
  it('draws larger boxes first so small ones stay on top, keeping file order for equal sizes', () => {
    const boxes = [
      box({ xMin: 0, xMax: 0.1, yMin: 0, yMax: 0.1 }),
      box({ xMin: 0, xMax: 1, yMin: 0, yMax: 1 }),
      box({ xMin: 0.5, xMax: 0.6, yMin: 0.5, yMax: 0.6 }),
      box({ xMin: 0, xMax: 0.5, yMin: 0, yMax: 0.5 }),
    ]
    expect(drawingOrder(boxes)).toEqual([1, 3, 0, 2])
    expect(drawingOrder([])).toEqual([])
  })
})
