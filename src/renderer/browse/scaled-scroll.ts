/**
 * Scaled virtual scrolling: a listing taller than a browser lets an element be (Chrome stops near
 * 33.5 M px, Firefox near 17.9 M px; 1.7 M images in rows of 8 are about 36 M px) still scrolls with
 * one native scrollbar.
 *
 * The scrolled element is at most `maxScrollHeight` tall. Two positions are kept: `scrollTop`, the
 * element's, and `virtualTop`, where the viewport's top edge is in the full listing. Rows are drawn
 * at `rowTop - (virtualTop - scrollTop)`, so they sit in the viewport whatever the two are.
 * - A big move (dragging the thumb, a click far down the track) maps proportionally: the thumb at
 *   40 % shows the listing at 40 %. (Home and End the grid handles itself: straight to an end.)
 * - A small move (wheel, arrow keys, Page Down, focus) moves by the same number of real pixels, so
 *   rows scroll smoothly past and no row is skipped. The thumb then drifts from where the
 *   proportional map would put it…
 * - …so when the element reaches an end of its track before the listing does, its scrollTop is
 *   put back by as much as the listing has left that way (the thumb hops a little, the rows do
 *   not), so both reach the end together and no row is skipped; and when the listing reaches an
 *   end first, the thumb goes to that end.
 * When the listing fits, the two positions are the same and nothing is scaled.
 * Pure functions, no DOM: the grid feeds them the element's numbers.
 */

/** The tallest the scrolled element gets, px: well under every browser's limit. */
export const maxScrollHeight = 10_000_000

/**
 * A move of more than a viewport height at once is a jump (mapped proportionally): Page Down and a
 * click in the track move by less, while one pixel of thumb drag is thousands of pixels once scaled.
 */
const jumpViewports = 1

export interface ScrollGeometry {
  /** Height of the whole listing, px. */
  contentHeight: number
  /** Height of the visible area, px. */
  viewportHeight: number
  /** Cap on the scrolled element's height; `maxScrollHeight` unless a test says otherwise. */
  maxHeight?: number
}

/** Where the viewport is: the element's scrollTop and the top of the viewport in the listing, px. */
export interface ScrollPosition {
  scrollTop: number
  virtualTop: number
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value))

/** The height to give the scrolled element (the spacer inside the scrolling container). */
export function scrollHeightFor(contentHeight: number, maxHeight = maxScrollHeight): number {
  return Math.max(0, Math.min(contentHeight, maxHeight))
}

/** How far the element and the listing can scroll. */
export function scrollRanges(g: ScrollGeometry): { scrollMax: number; virtualMax: number } {
  const viewport = Math.max(0, g.viewportHeight)
  return {
    scrollMax: Math.max(0, scrollHeightFor(g.contentHeight, g.maxHeight) - viewport),
    virtualMax: Math.max(0, g.contentHeight - viewport),
  }
}

/** The listing position at the same fraction of its range as `scrollTop` is of the element's. */
export function proportionalTop(scrollTop: number, g: ScrollGeometry): number {
  const { scrollMax, virtualMax } = scrollRanges(g)
  if (scrollMax === 0) return 0
  return (clamp(scrollTop, 0, scrollMax) / scrollMax) * virtualMax
}

/** The inverse of `proportionalTop`: where to put the element's scrollTop to show `virtualTop`. */
export function scrollTopFor(virtualTop: number, g: ScrollGeometry): number {
  const { scrollMax, virtualMax } = scrollRanges(g)
  if (virtualMax === 0) return 0
  return (clamp(virtualTop, 0, virtualMax) / virtualMax) * scrollMax
}

/**
 * The position after the element scrolled to `scrollTop` from `previous` (a scroll event). When
 * the answer's scrollTop differs from the element's, the caller sets the element's to it.
 */
export function followScroll(previous: ScrollPosition, scrollTop: number, g: ScrollGeometry): ScrollPosition {
  const { scrollMax, virtualMax } = scrollRanges(g)
  const top = clamp(scrollTop, 0, scrollMax)
  if (scrollMax === virtualMax) return { scrollTop: top, virtualTop: top }
  const delta = top - previous.scrollTop
  if (Math.abs(delta) > jumpViewports * g.viewportHeight) return { scrollTop: top, virtualTop: proportionalTop(top, g) }
  const virtualTop = clamp(previous.virtualTop + delta, 0, virtualMax)
  if (virtualTop <= 0 || virtualTop >= virtualMax) return positionAt(virtualTop, g)
  if (top <= 0 || top >= scrollMax) return { scrollTop: roomToGo(virtualTop, top > 0, g), virtualTop }
  return { scrollTop: top, virtualTop }
}

/**
 * Where to put the element's scrollTop when it has no room left to scroll down (or up) while the
 * listing, at `virtualTop`, has: exactly as far from that end as the listing is, so the two ends
 * meet. After a drift too long for that (half the track), back to the proportional place.
 */
function roomToGo(virtualTop: number, down: boolean, g: ScrollGeometry): number {
  const { scrollMax, virtualMax } = scrollRanges(g)
  const left = down ? virtualMax - virtualTop : virtualTop
  if (left > scrollMax / 2) return scrollTopFor(virtualTop, g)
  return down ? scrollMax - left : left
}

/** A position that shows `virtualTop` (clamped), for scrolling from code: restoring, revealing a tile. */
export function positionAt(virtualTop: number, g: ScrollGeometry): ScrollPosition {
  const { virtualMax } = scrollRanges(g)
  const top = clamp(virtualTop, 0, virtualMax)
  return { scrollTop: scrollTopFor(top, g), virtualTop: top }
}

/** Where a row (or anything at `listingTop` in the listing) goes inside the scrolled element. */
export function elementTop(listingTop: number, position: ScrollPosition): number {
  return listingTop - (position.virtualTop - position.scrollTop)
}
