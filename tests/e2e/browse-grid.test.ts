import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImageFilter, ImageWindow } from '../../src/shared/api/index'
import { tempDir } from '../helpers/temp-dir'
import { startDemoSession, type DemoSession } from './helpers/demo-session'
import type { RunningApp } from './helpers/headless-app'

const person = '/m/01g317'

/** Rows of a small CSV file without quoting (the demo's label files), header dropped. */
function csvRows(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(','))
}

/** The virtualized grid over the demo workspace: filters, the URL round trip, jumps. */
describe('the browse grid in Chromium, on the demo workspace', () => {
  const home = tempDir('oiw-home-')
  let app: RunningApp
  let session: DemoSession
  let context: BrowserContext
  let page: Page

  const imageWindow = async (filter: Partial<ImageFilter>, offset: number, limit: number): Promise<ImageWindow> => {
    const res = await fetch(`${app.url}/api/images.window`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ filter, offset, limit }),
    })
    const body = (await res.json()) as { ok: boolean; value: ImageWindow }
    expect(body.ok).toBe(true)
    return body.value
  }

  const grid = (p: Page) => p.getByTestId('image-grid')
  const gridAt = async (p: Page) => Number(await grid(p).getAttribute('data-at'))
  const count = async (p: Page) => Number(await p.getByTestId('image-count').getAttribute('data-count'))
  const settled = async (p: Page) => {
    await expect.poll(() => grid(p).getAttribute('data-at'), { timeout: 10_000 }).not.toBeNull()
    await expect.poll(() => p.getByTestId('image-tile-pending').count(), { timeout: 10_000 }).toBe(0)
  }
  /** The mounted tiles: offset in the listing → image id. */
  const mountedTiles = (p: Page) =>
    p.$$eval('[data-testid="image-tile"]', (tiles) => tiles.map((t) => [Number((t as HTMLElement).dataset.offset), (t as HTMLElement).dataset.imageId ?? ''] as const))
  const firstVisibleTile = (p: Page) => gridAt(p).then((at) => p.locator(`[data-testid="image-tile"][data-offset="${at}"]`).getAttribute('data-image-id'))

  /** Scrolls the grid from top to bottom half a screen at a time, collecting every tile. */
  async function scrollThrough(p: Page): Promise<Map<number, string>> {
    const seen = new Map<number, string>()
    await grid(p).evaluate((el) => (el.scrollTop = 0))
    for (;;) {
      await settled(p)
      for (const [offset, id] of await mountedTiles(p)) seen.set(offset, id)
      const before = await grid(p).getAttribute('data-at')
      const moved = await grid(p).evaluate((el) => {
        const top = el.scrollTop
        el.scrollTop = top + el.clientHeight / 2
        return el.scrollTop !== top
      })
      if (!moved) return seen
      await expect.poll(() => grid(p).getAttribute('data-at')).not.toBe(before)
    }
  }

  beforeAll(async () => {
    session = await startDemoSession(home.dir)
    ;({ app, context, page } = session)
  })
  afterAll(async () => {
    await session?.close()
    home.remove()
  })

  it('shows exactly the images of a class, as the API and the CSV files say', async () => {
    await page.goto(app.pageUrl)
    await expect.poll(() => count(page), { timeout: 20_000 }).toBe(300)
    await page.getByTestId('filter-class').locator('input').click()
    await page.keyboard.type('Person')
    await page.locator(`li[data-class-code="${person}"]`).click()

    const fromApi = new Set((await imageWindow({ classCode: person }, 0, 500)).items.map((image) => image.imageId))
    const dataset = join(home.dir, 'demo-workspace', 'dataset')
    const fromCsv = new Set([
      ...csvRows(join(dataset, 'train_human_labels.csv'))
        .filter(([, , code, confidence]) => code === person && confidence === '1')
        .map(([id]) => id!),
      ...csvRows(join(dataset, 'train_bounding_boxes.csv'))
        .filter(([, , code]) => code === person)
        .map(([id]) => id!),
    ])
    expect(fromApi).toEqual(fromCsv)
    await expect.poll(() => count(page), { timeout: 10_000 }).toBe(fromCsv.size)
    expect(page.url()).toContain(`class=${encodeURIComponent(person)}`)

    const shown = await scrollThrough(page)
    expect(shown.size).toBe(fromCsv.size)
    expect([...shown.keys()].sort((a, b) => a - b)).toEqual([...Array(fromCsv.size).keys()])
    expect(new Set(shown.values())).toEqual(fromCsv)
    // Only the rows in view (and one more each side) are mounted.
    expect(await page.getByTestId('image-tile').count()).toBeLessThan(60)
  })

  it('restores the filters, the count, the place and the open image from a copied URL', async () => {
    await page.getByTestId('filter-descendants').locator('input').check()
    await page.getByTestId('filter-source').locator('select').selectOption('machine')
    await page.getByTestId('filter-confidence').locator('input[type="range"]').first().focus()
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight')
    await expect.poll(() => page.getByTestId('filter-confidence').getAttribute('data-min')).toBe('0.5')
    await page.getByTestId('filter-has-boxes').locator('select').selectOption('yes')
    const filter = { classCode: person, includeDescendants: true, labelFilter: 'machine', minConfidence: 0.5, hasBoxes: true } as const
    const expected = (await imageWindow(filter, 0, 1)).total
    await expect.poll(() => count(page), { timeout: 10_000 }).toBe(expected)

    await grid(page).evaluate((el) => (el.scrollTop = el.clientHeight))
    await expect.poll(() => gridAt(page)).toBeGreaterThan(0)
    await settled(page)
    const at = await gridAt(page)
    const first = await firstVisibleTile(page)
    const third = page.locator(`[data-testid="image-tile"][data-offset="${at + 2}"]`)
    const opened = await third.getAttribute('data-image-id')
    await third.click()
    await expect.poll(() => page.getByTestId('image-view').getAttribute('data-image-id')).toBe(opened)
    await expect.poll(() => page.url()).toMatch(new RegExp(`at=${at}\\b.*image=${opened}|image=${opened}.*at=${at}\\b`))
    const url = page.url()
    expect(url).toContain(`token=${app.token}`)

    const copy = await context.newPage()
    await copy.goto(url)
    await expect.poll(() => copy.getByTestId('image-view').getAttribute('data-image-id'), { timeout: 10_000 }).toBe(opened)
    await copy.keyboard.press('Escape')
    await expect.poll(() => copy.getByTestId('image-view').isVisible()).toBe(false)
    await expect.poll(() => count(copy), { timeout: 10_000 }).toBe(expected)
    await settled(copy)
    expect(await gridAt(copy)).toBe(at)
    expect(await firstVisibleTile(copy)).toBe(first)
    expect(await copy.getByTestId('filter-class').locator('input').inputValue()).toBe('Person')
    expect(await copy.getByTestId('filter-descendants').locator('input').isChecked()).toBe(true)
    expect(await copy.getByTestId('filter-source').locator('select').inputValue()).toBe('machine')
    expect(await copy.getByTestId('filter-confidence').getAttribute('data-min')).toBe('0.5')
    expect(await copy.getByTestId('filter-has-boxes').locator('select').inputValue()).toBe('yes')
    await copy.close()

    // Back undoes the last filter change.
    await page.keyboard.press('Escape')
    await page.goBack()
    await expect.poll(() => page.getByTestId('filter-has-boxes').locator('select').inputValue()).toBe('any')
    await expect.poll(() => count(page), { timeout: 10_000 }).toBe((await imageWindow({ ...filter, hasBoxes: null }, 0, 1)).total)
  })

  it('jumps to the middle of the listing and shows the images there', async () => {
    await page.goto(app.pageUrl)
    await expect.poll(() => count(page), { timeout: 20_000 }).toBe(300)
    await settled(page)
    await grid(page).evaluate((el) => (el.scrollTop = (el.scrollHeight - el.clientHeight) / 2))
    await expect.poll(() => gridAt(page)).toBeGreaterThan(90)
    await settled(page)
    const at = await gridAt(page)
    expect(at).toBeLessThan(210)
    const tiles = await mountedTiles(page)
    const from = Math.min(...tiles.map(([offset]) => offset))
    const listing = await imageWindow({}, from, tiles.length)
    for (const [offset, id] of tiles) expect(id, `offset ${offset}`).toBe(listing.items[offset - from]?.imageId)
  })

  it('goes back from the image view to the grid with the last image viewed in view', async () => {
    const at = await gridAt(page)
    await page.locator(`[data-testid="image-tile"][data-offset="${at}"]`).click()
    const view = page.getByTestId('image-view')
    await expect.poll(() => view.isVisible()).toBe(true)
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight')
    const listing = await imageWindow({}, at + 30, 1)
    await expect.poll(() => view.getAttribute('data-image-id')).toBe(listing.items[0]!.imageId)
    await page.keyboard.press('Escape')
    await expect.poll(() => view.isVisible()).toBe(false)
    const tile = page.locator(`[data-testid="image-tile"][data-offset="${at + 30}"]`)
    await expect.poll(() => tile.evaluate((el) => document.activeElement === el)).toBe(true)
    const [box, area] = await Promise.all([tile.boundingBox(), grid(page).boundingBox()])
    expect(box!.y).toBeGreaterThanOrEqual(area!.y)
    expect(box!.y + box!.height).toBeLessThanOrEqual(area!.y + area!.height)
  })
})
