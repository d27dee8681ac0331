import { describe, expect, it } from 'vitest'
import {
  elementTop,
  followScroll,
  maxScrollHeight,
  positionAt,
  proportionalTop,
  scrollHeightFor,
  scrollRanges,
  scrollTopFor,
  type ScrollGeometry,
} from '../../../src/renderer/browse/scaled-scroll'

/** 1.7 M images in rows of 8 at 168 px: about 36 M px, beyond what Chrome lays out. */
const huge: ScrollGeometry = { contentHeight: Math.ceil(1_700_000 / 8) * 168 + 8, viewportHeight: 700 }
const small: ScrollGeometry = { contentHeight: 7_200, viewportHeight: 700 }

describe('scaled scrolling', () => {
  it('caps the scrolled element and leaves a listing that fits unscaled', () => {
    expect(scrollHeightFor(huge.contentHeight)).toBe(maxScrollHeight)
    expect(scrollHeightFor(small.contentHeight)).toBe(7_200)
    expect(scrollRanges(small)).toEqual({ scrollMax: 6_500, virtualMax: 6_500 })
    expect(followScroll({ scrollTop: 0, virtualTop: 0 }, 5_000, small)).toEqual({ scrollTop: 5_000, virtualTop: 5_000 })
    expect(positionAt(1_234, small)).toEqual({ scrollTop: 1_234, virtualTop: 1_234 })
  })

  it('maps the thumb proportionally: the middle of the track is the middle of the listing', () => {
    const { scrollMax, virtualMax } = scrollRanges(huge)
    expect(proportionalTop(scrollMax / 2, huge)).toBeCloseTo(virtualMax / 2, 3)
    expect(proportionalTop(scrollMax, huge)).toBe(virtualMax)
    expect(scrollTopFor(proportionalTop(1_234_567, huge), huge)).toBeCloseTo(1_234_567, 3)
    // A drag of the thumb is a jump: mapped, not added.
    const jumped = followScroll({ scrollTop: 0, virtualTop: 0 }, scrollMax / 2, huge)
    expect(jumped.virtualTop).toBeCloseTo(virtualMax / 2, 3)
  })

  it('moves by real pixels on a small scroll, so no row is skipped near the current place', () => {
    const { scrollMax } = scrollRanges(huge)
    const start = followScroll({ scrollTop: 0, virtualTop: 0 }, scrollMax / 2, huge)
    const wheel = followScroll(start, start.scrollTop + 100, huge)
    expect(wheel.virtualTop - start.virtualTop).toBeCloseTo(100, 6)
    const page = followScroll(wheel, wheel.scrollTop - 650, huge)
    expect(page.virtualTop - wheel.virtualTop).toBeCloseTo(-650, 6)
    // More than a viewport at once is the thumb: mapped again.
    const far = followScroll(page, page.scrollTop + 701, huge)
    expect(far.virtualTop).toBeCloseTo(proportionalTop(page.scrollTop + 701, huge), 3)
    // Rows stay put on screen: a row's place in the element moves with the element's scrollTop.
    const rowAt = start.virtualTop + 300
    expect(elementTop(rowAt, wheel) - wheel.scrollTop).toBeCloseTo(elementTop(rowAt, start) - start.scrollTop - 100, 6)
  })

  it('keeps scrolling without a skip when the element reaches an end before the listing does', () => {
    const { scrollMax, virtualMax } = scrollRanges(huge)
    // Jumped near the end, then wheeled: the track ends with 950 px of listing still below.
    const near = { scrollTop: scrollMax - 50, virtualTop: virtualMax - 1_000 }
    expect(followScroll(near, scrollMax, huge)).toEqual({ scrollTop: scrollMax - 950, virtualTop: virtualMax - 950 })
    // The same at the top, for a listing ahead of its thumb.
    expect(followScroll({ scrollTop: 40, virtualTop: 5_000 }, 0, huge)).toEqual({ scrollTop: 4_960, virtualTop: 4_960 })
    // Wheeled all the way from the top (a drift of most of the listing): back to the proportional place.
    const wheeled = followScroll({ scrollTop: scrollMax - 50, virtualTop: scrollMax - 50 }, scrollMax, huge)
    expect(wheeled.virtualTop).toBeCloseTo(scrollMax, 6)
    expect(wheeled.scrollTop).toBeCloseTo(scrollTopFor(scrollMax, huge), 6)
    // The listing at its end puts the thumb at the end of the track.
    const nearEnd = { scrollTop: scrollMax - 500, virtualTop: virtualMax - 20 }
    expect(followScroll(nearEnd, scrollMax - 400, huge)).toEqual({ scrollTop: scrollMax, virtualTop: virtualMax })
    expect(followScroll({ scrollTop: 50, virtualTop: 20 }, 10, huge)).toEqual({ scrollTop: 0, virtualTop: 0 })
  })

  it('walks the whole listing in small steps, every pixel once', () => {
    const g: ScrollGeometry = { contentHeight: 40_000, viewportHeight: 700, maxHeight: 10_000 }
    const { virtualMax } = scrollRanges(g)
    let position = { scrollTop: 0, virtualTop: 0 }
    let steps = 0
    // From the top with a wheel only: the worst drift, the track ends long before the listing.
    while (position.virtualTop < virtualMax && steps < 1_000) {
      const next = followScroll(position, position.scrollTop + 350, g)
      expect(next.virtualTop - position.virtualTop).toBeGreaterThan(0)
      expect(next.virtualTop - position.virtualTop).toBeLessThanOrEqual(350)
      position = next
      steps++
    }
    expect(position).toEqual({ scrollTop: 9_300, virtualTop: virtualMax })
  })

  it('places rows inside the capped element wherever the listing is', () => {
    const { scrollMax, virtualMax } = scrollRanges(huge)
    for (const fraction of [0, 0.25, 0.5, 0.999, 1]) {
      const position = positionAt(virtualMax * fraction, huge)
      const top = elementTop(position.virtualTop, position)
      expect(top).toBeCloseTo(position.scrollTop, 6)
      expect(top).toBeGreaterThanOrEqual(0)
      expect(top + huge.viewportHeight).toBeLessThanOrEqual(scrollMax + huge.viewportHeight + 1e-6)
    }
  })

  it('clamps positions asked for from code', () => {
    const { scrollMax, virtualMax } = scrollRanges(huge)
    expect(positionAt(-10, huge)).toEqual({ scrollTop: 0, virtualTop: 0 })
    expect(positionAt(virtualMax * 2, huge)).toEqual({ scrollTop: scrollMax, virtualTop: virtualMax })
    expect(positionAt(100, { contentHeight: 0, viewportHeight: 700 })).toEqual({ scrollTop: 0, virtualTop: 0 })
  })
})
