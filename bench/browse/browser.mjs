// The in-browser half: headless Chromium (playwright-core) opening the app `oiw serve` prints, timing the
// first grid paint, then scrolling the grid while recording frame deltas and long tasks.
import { setTimeout as sleep } from 'node:timers/promises'
import { chromium } from 'playwright-core'
import { percentile } from '../ingest/measure.mjs'
import { diagnose, firstPaintFigures, installProbe, jumpTo, screenfulDone, startScroll, stopScroll, tileSelector, where } from './page.mjs'

export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium'
export const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
export const viewport = { width: 1440, height: 900 }
export const scrollPlan = { wheelSteps: 60, wheelPx: 400, wheelGapMs: 16, jumps: [0.25, 0.5, 0.9], jumpSettleMs: 700, endSettleMs: 1000 }

export async function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumFlags })
}

/** Rejects after `ms` with `what` in the message, so a page that stops answering cannot hang the run. */
function withTimeout(promise, ms, what) {
  let timer
  const timeout = new Promise((_, failed) => (timer = setTimeout(() => failed(new Error(`${what}: no answer in ${ms / 1000} s`)), ms)))
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Why the probe gave up, in words. */
function explain(seen, timeoutMs) {
  const s = timeoutMs / 1000
  if (seen.tiles === 0) return `no image tiles (${tileSelector}) appeared within ${s} s: the grid may be mid-rewrite. The page said: "${seen.text}"`
  if (seen.pending > 0) return `${seen.tiles} tiles appeared but ${seen.pending} visible placeholders were still waiting for their images' records after ${s} s`
  if (!seen.filled) return `${seen.tiles} tiles appeared but did not fill the grid's visible area within ${s} s`
  return `tiles appeared but only ${seen.complete} of the ${seen.visible} visible ones had their image within ${s} s`
}

/**
 * Opens `pageUrl` in a fresh context (empty HTTP cache) and waits for the first screenful of tiles with
 * their images. Resolves { figures | error, page, context }; the caller closes the context.
 */
export async function measureFirstPaint(browser, pageUrl, { timeoutMs = 20_000 } = {}) {
  const context = await browser.newContext({ viewport })
  await context.addInitScript(installProbe, tileSelector)
  const page = await context.newPage()
  const problems = []
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()))
  try {
    await page.goto(pageUrl, { waitUntil: 'commit', timeout: timeoutMs })
    await page.waitForFunction(screenfulDone, null, { timeout: timeoutMs, polling: 100 })
  } catch (error) {
    const seen = await withTimeout(page.evaluate(diagnose), 5_000, 'diagnose').catch(() => ({ tiles: 0, text: '(page not answering)' }))
    const timedOut = error instanceof Error && error.name === 'TimeoutError'
    const pageErrors = problems.length > 0 ? `; the page logged: ${problems.slice(0, 2).join(' | ')}` : ''
    const message = `${timedOut ? explain(seen, timeoutMs) : error.message}${pageErrors}`
    return { error: message, seen, problems: problems.slice(0, 5), page, context }
  }
  const figures = await withTimeout(page.evaluate(firstPaintFigures), timeoutMs, 'first paint figures')
  return { figures, problems: problems.slice(0, 5), page, context }
}

const summarize = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? null }
}

/**
 * On a page showing the grid: ~60 wheel steps of 400 px ~16 ms apart over the grid's scroll container,
 * then jumps to 25%, 50% and 90% of its scrollHeight, then a pause, recording every frame's delta and
 * every long task meanwhile.
 */
export async function measureScroll(page, { timeoutMs = 20_000, plan = scrollPlan } = {}) {
  const ask = (fn, arg) => withTimeout(page.evaluate(fn, arg), timeoutMs, fn.name)
  const start = await ask(startScroll)
  if (!start.found) return { error: `no image tiles (${tileSelector}) to scroll: the grid may be mid-rewrite` }
  await page.mouse.move(start.x, start.y)
  for (let i = 0; i < plan.wheelSteps; i++) {
    await withTimeout(page.mouse.wheel(0, plan.wheelPx), timeoutMs, 'wheel')
    await sleep(plan.wheelGapMs)
  }
  const positions = [{ after: `${plan.wheelSteps} wheel steps`, ...(await ask(where)) }]
  for (const fraction of plan.jumps) {
    await ask(jumpTo, fraction)
    await sleep(plan.jumpSettleMs)
    positions.push({ after: `jump to ${fraction * 100}%`, ...(await ask(where)) })
  }
  await sleep(plan.endSettleMs)
  const raw = await ask(stopScroll)
  const longest = raw.longTasks.reduce((max, t) => Math.max(max, t.duration), 0)
  return {
    plan,
    container: start.container,
    scrollHeightAtStart: start.scrollHeight,
    clientHeight: start.clientHeight,
    durationMs: raw.durationMs,
    frames: { ...summarize(raw.frames), over50Ms: raw.frames.filter((d) => d > 50).length },
    longTasks: { count: raw.longTasks.length, longestMs: longest, over100Ms: raw.longTasks.filter((t) => t.duration > 100).length, all: raw.longTasks },
    thumbnailRequests: raw.thumbnailRequests,
    thumbnailsLoaded: raw.thumbnailsLoaded,
    tilesInDom: raw.tilesInDom,
    imagesCompleteInDom: raw.imagesCompleteInDom,
    positions,
  }
}

/** The median of each numeric figure over several first-paint runs (nulls left out). */
export function medianFigures(runs) {
  const keys = ['firstContentfulPaint', 'firstTile', 'firstImageLoad', 'firstImage', 'firstThumbnailResponseEnd', 'screenful', 'screenTiles']
  const median = (values) => {
    const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b)
    if (sorted.length === 0) return null
    const mid = sorted.length >> 1
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  }
  return Object.fromEntries(keys.map((key) => [key, median(runs.map((run) => run[key]))]))
}
