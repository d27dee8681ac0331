// Code that runs inside the page (Playwright serializes each function, so each is self-contained).
// Times are performance.now() in the page: milliseconds since its navigation started.
/* global window, document, requestAnimationFrame, HTMLImageElement, getComputedStyle */

export const tileSelector = '[data-testid="image-tile"]'

/**
 * Init script, before the app's own scripts: keeps every resource timing, and on each animation frame
 * looks for the first tile, the first tile whose <img> is complete with naturalWidth > 0, and the first
 * frame where every tile visible in the grid's scroll container has its image and the tiles reach the
 * container's bottom edge (or the grid does not scroll): the first screenful.
 */
export function installProbe(selector) {
  if (window.top !== window) return
  performance.setResourceTimingBufferSize(1_000_000)
  const state = { firstTile: null, firstImageLoad: null, firstImage: null, screenful: null, screenTiles: 0, pollFrames: 0 }
  window.__oiwBench = state
  /** The nearest ancestor that scrolls; else the nearest that may scroll (overflow auto/scroll); else the document. */
  const scrollParent = (element) => {
    let candidate = null
    for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowY
      if (overflow !== 'auto' && overflow !== 'scroll') continue
      if (node.scrollHeight > node.clientHeight) return node
      candidate ??= node
    }
    return candidate ?? document.scrollingElement ?? document.documentElement
  }
  window.__oiwScrollParent = scrollParent
  /** Tiles showing in the container's visible box (clipped to the window), and how far down they reach. */
  window.__oiwVisibleTiles = () => {
    const tiles = document.querySelectorAll(selector)
    if (tiles.length === 0) return null
    const container = scrollParent(tiles[0])
    const c = container.getBoundingClientRect()
    const box = { top: Math.max(0, c.top), left: Math.max(0, c.left), bottom: Math.min(window.innerHeight, c.bottom), right: Math.min(window.innerWidth, c.right) }
    const visible = []
    let reach = -Infinity
    for (const tile of tiles) {
      const r = tile.getBoundingClientRect()
      if (r.bottom <= box.top || r.top >= box.bottom || r.right <= box.left || r.left >= box.right || r.width === 0) continue
      visible.push(tile)
      reach = Math.max(reach, r.bottom)
    }
    const loaded = (tile) => {
      const img = tile.querySelector('img')
      return !!img && img.complete && img.naturalWidth > 0
    }
    // Placeholders of a virtualized grid (tiles whose window has not arrived) count as not shown yet.
    const pending = [...document.querySelectorAll('[data-testid="image-tile-pending"]')].filter((el) => {
      const r = el.getBoundingClientRect()
      return r.bottom > box.top && r.top < box.bottom && r.right > box.left && r.left < box.right
    }).length
    const filled = pending === 0 && (reach >= box.bottom - 16 || container.scrollHeight <= container.clientHeight + 1)
    return { container, tiles, visible, pending, complete: visible.filter(loaded).length, filled, loaded }
  }
  document.addEventListener('load', (event) => {
    const target = event.target
    if (state.firstImageLoad === null && target instanceof HTMLImageElement && target.closest(selector) && target.naturalWidth > 0) {
      state.firstImageLoad = performance.now()
    }
  }, true)
  const poll = () => {
    state.pollFrames++
    const now = performance.now()
    const seen = window.__oiwVisibleTiles()
    if (seen) {
      if (state.firstTile === null) state.firstTile = now
      if (state.firstImage === null && [...seen.tiles].some(seen.loaded)) state.firstImage = now
      if (seen.visible.length > 0 && seen.complete === seen.visible.length && seen.filled) {
        state.screenful = now
        state.screenTiles = seen.visible.length
        return
      }
    }
    requestAnimationFrame(poll)
  }
  requestAnimationFrame(poll)
}

export const screenfulDone = () => window.__oiwBench?.screenful != null

/** The probe's times plus first contentful paint, the first thumbnail's response end, and DOM timings. */
export function firstPaintFigures() {
  const state = window.__oiwBench
  const paint = performance.getEntriesByName('first-contentful-paint')[0]
  const thumbs = performance.getEntriesByType('resource').filter((e) => e.name.includes('/media/thumb/'))
  const navigation = performance.getEntriesByType('navigation')[0]
  return {
    ...state,
    firstContentfulPaint: paint ? paint.startTime : null,
    firstThumbnailResponseEnd: thumbs.length ? Math.min(...thumbs.map((e) => e.responseEnd)) : null,
    thumbnailRequests: thumbs.length,
    domContentLoaded: navigation ? navigation.domContentLoadedEventEnd : null,
    tilesInDom: document.querySelectorAll('[data-testid="image-tile"]').length,
  }
}

/** What the page shows when the probe gave up: for a clear report of a grid that is not there (yet). */
export function diagnose() {
  const seen = window.__oiwVisibleTiles?.()
  return {
    state: window.__oiwBench ?? null,
    tiles: seen ? seen.tiles.length : 0,
    visible: seen ? seen.visible.length : 0,
    pending: seen ? seen.pending : 0,
    complete: seen ? seen.complete : 0,
    filled: seen ? seen.filled : false,
    text: (document.body?.innerText ?? '').replace(/\s+/g, ' ').slice(0, 300),
  }
}

/**
 * Starts the scrolling probe: a 'longtask' observer and a rAF loop recording each frame's delta, on the
 * scrollable ancestor of the first tile. Returns where to put the mouse (the container's centre).
 */
export function startScroll() {
  const seen = window.__oiwVisibleTiles?.()
  if (!seen) return { found: false }
  const container = seen.container
  window.__oiwScroller = container
  const s = { start: performance.now(), frames: [], longTasks: [], stopped: false }
  window.__oiwScroll = s
  s.observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) s.longTasks.push({ start: e.startTime, duration: e.duration })
  })
  s.observer.observe({ type: 'longtask' })
  let last = performance.now()
  const loop = (t) => {
    s.frames.push(t - last)
    last = t
    if (!s.stopped) requestAnimationFrame(loop)
  }
  requestAnimationFrame(loop)
  const r = container.getBoundingClientRect()
  const top = Math.max(0, r.top)
  const bottom = Math.min(window.innerHeight, r.bottom)
  return {
    found: true,
    container: `${container.tagName.toLowerCase()}${container.className ? `.${String(container.className).split(' ')[0]}` : ''}`,
    x: Math.round(r.left + r.width / 2),
    y: Math.round((top + bottom) / 2),
    scrollHeight: container.scrollHeight,
    clientHeight: container.clientHeight,
  }
}

/** Sets the container's scrollTop to `fraction` of its scrollHeight. */
export function jumpTo(fraction) {
  const c = window.__oiwScroller
  c.scrollTop = fraction * c.scrollHeight
}

/**
 * Where the grid is: scroll position, the first visible tile's id and listing offset (data-offset, when
 * tiles carry it), visible tiles, how many show their image, and visible placeholders.
 */
export function where() {
  const c = window.__oiwScroller
  const seen = window.__oiwVisibleTiles?.()
  const first = seen?.visible[0]
  return {
    scrollTop: Math.round(c.scrollTop),
    scrollHeight: c.scrollHeight,
    firstVisibleId: first?.getAttribute('data-image-id') ?? null,
    firstVisibleOffset: first?.hasAttribute('data-offset') ? Number(first.getAttribute('data-offset')) : null,
    visible: seen ? seen.visible.length : 0,
    complete: seen ? seen.complete : 0,
    pending: seen ? seen.pending : 0,
  }
}

/** Stops the probe: frame deltas (the first, from the start, dropped), long tasks, thumbnails loaded since the start. */
export function stopScroll() {
  const s = window.__oiwScroll
  s.stopped = true
  for (const e of s.observer.takeRecords()) s.longTasks.push({ start: e.startTime, duration: e.duration })
  s.observer.disconnect()
  const thumbs = performance.getEntriesByType('resource').filter((e) => e.name.includes('/media/thumb/') && e.startTime >= s.start)
  const ok = thumbs.filter((e) => e.responseStatus === undefined || e.responseStatus === 200)
  const images = [...document.querySelectorAll('[data-testid="image-tile"] img')]
  return {
    durationMs: performance.now() - s.start,
    frames: s.frames.slice(1),
    longTasks: s.longTasks,
    thumbnailRequests: thumbs.length,
    thumbnailsLoaded: new Set(ok.map((e) => e.name.split('?')[0])).size,
    tilesInDom: document.querySelectorAll('[data-testid="image-tile"]').length,
    imagesCompleteInDom: images.filter((img) => img.complete && img.naturalWidth > 0).length,
  }
}
