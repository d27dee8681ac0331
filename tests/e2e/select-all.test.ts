import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HttpApiClient } from '../../src/renderer/api/http-client'
import type { ImageFilter, ImagePage } from '../../src/shared/api/index'
import { tempDir } from '../helpers/temp-dir'
import { pickClass } from './helpers/annotate-page'
import { startDemoSession, type DemoSession } from './helpers/demo-session'

/** The grid loads images in blocks of this many (use-image-window.ts): at first only the first block. */
const firstBlock = 200

/**
 * Select all and Ctrl+A select the whole filtered set, not the tiles loaded; the batch edits every
 * image of it; Esc clears. On the demo workspace's 300 images, of which the grid loads 200 at first.
 */
describe('select all in the browse grid, in Chromium, on the demo workspace', () => {
  const home = tempDir('oiw-home-')
  let session: DemoSession
  let page: Page
  let api: HttpApiClient
  let allIds: Set<string>

  const bar = (p: Page) => p.getByTestId('batch-bar')
  const barCount = async (p: Page) => ((await bar(p).count()) === 0 ? 0 : Number(await bar(p).getAttribute('data-count')))
  const grid = (p: Page) => p.getByTestId('image-grid')

  /** Every image id of a filter, through images.list pages. */
  async function idsOf(filter: Partial<ImageFilter>): Promise<Set<string>> {
    const ids = new Set<string>()
    let cursor: string | null = null
    do {
      const listed: ImagePage = await api.call('images.list', { ...filter, cursor, limit: 500 })
      for (const image of listed.items) ids.add(image.imageId)
      cursor = listed.nextCursor
    } while (cursor !== null)
    return ids
  }

  /** Classes of the catalog no image has a human label of, of the kind asked for. */
  async function classesWithout(labelFilter: 'human-positive' | 'human-negative', count: number) {
    const classes = await api.call('catalog.listClasses', { query: '', limit: 50 })
    const found = []
    for (const item of classes.items) {
      if ((await api.call('images.count', { classCode: item.code, labelFilter })).count === 0) found.push(item)
      if (found.length === count) return found
    }
    throw new Error(`fewer than ${count} classes without ${labelFilter} labels`)
  }

  beforeAll(async () => {
    session = await startDemoSession(home.dir)
    page = session.page
    api = new HttpApiClient({ baseUrl: session.app.url, token: session.app.token, WebSocket: null })
    allIds = await idsOf({})
    await page.goto(session.app.pageUrl)
    await page.getByTestId('image-tile').first().waitFor({ timeout: 20_000 })
  })
  afterAll(async () => {
    await session?.close()
    home.remove()
  })

  it('Select all takes the whole filter, not the tiles loaded, and the batch edits every image of it but those Ctrl-clicked out', async () => {
    const { count } = await api.call('images.count', {})
    expect(count).toBe(allIds.size)
    expect(count).toBeGreaterThan(firstBlock)
    await expect.poll(() => page.getByTestId('image-count').getAttribute('data-count'), { timeout: 20_000 }).toBe(String(count))
    const [target] = await classesWithout('human-negative', 1)

    await page.getByTestId('select-all').click()
    await expect.poll(() => barCount(page), { timeout: 10_000 }).toBe(count)
    expect(await bar(page).getAttribute('data-whole-filter')).toBe('true')
    expect(await page.getByTestId('batch-count').textContent()).toBe(`${count} images selected — all images of this filter`)

    // Ctrl-click takes a tile out of the whole-filter selection.
    const first = page.locator('[data-testid="image-tile"][data-offset="0"]')
    const left = (await first.getAttribute('data-image-id'))!
    await expect.poll(() => first.getAttribute('aria-selected')).toBe('true')
    await first.click({ modifiers: ['Control'] })
    await expect.poll(() => barCount(page)).toBe(count - 1)
    expect(await first.getAttribute('aria-selected')).toBe('false')

    await pickClass(page, page.getByTestId('batch-class'), target!.name, target!.code)
    await page.getByTestId('batch-reject').click()
    const expected = new Set([...allIds].filter((id) => id !== left))
    await expect.poll(async () => (await idsOf({ classCode: target!.code, labelFilter: 'human-negative' })).size, { timeout: 20_000 }).toBe(expected.size)
    expect(await idsOf({ classCode: target!.code, labelFilter: 'human-negative' })).toEqual(expected)
    const notice = page.getByTestId('edit-notice')
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toContain(`Rejected ${target!.name} on ${expected.size} images`)
    expect(await notice.getAttribute('data-severity')).toBe('success')

    await page.getByTestId('batch-clear').click()
    await expect.poll(() => barCount(page)).toBe(0)
  })

  it('Ctrl+A in the grid does the same, with progress while the edits go out', async () => {
    const [, target] = await classesWithout('human-positive', 2)
    const { count } = await api.call('images.count', {})
    await grid(page).focus()
    await page.keyboard.press('Control+a')
    await expect.poll(() => barCount(page), { timeout: 10_000 }).toBe(count)
    expect(await page.getByTestId('batch-count').textContent()).toContain('all images of this filter')

    // Hold the edits back until the bar has shown its progress.
    let release = () => {}
    const held = new Promise<void>((done) => (release = done))
    await page.route('**/api/annotate.setLabels', async (route) => {
      await held
      await route.continue()
    })
    try {
      await pickClass(page, page.getByTestId('batch-class'), target!.name, target!.code)
      await page.getByTestId('batch-verify').click()
      await expect.poll(() => page.getByTestId('batch-count').textContent(), { timeout: 10_000 }).toBe(`Verifying ${target!.name} on ${count} images: 0 / ${count}`)
      release()
      await expect.poll(async () => (await idsOf({ classCode: target!.code, labelFilter: 'human-positive' })).size, { timeout: 20_000 }).toBe(allIds.size)
      expect(await idsOf({ classCode: target!.code, labelFilter: 'human-positive' })).toEqual(allIds)
      await expect.poll(() => page.getByTestId('edit-notice').textContent(), { timeout: 10_000 }).toContain(`Verified ${target!.name} on ${count} images`)
    } finally {
      release()
      await page.unroute('**/api/annotate.setLabels')
    }
    await expect.poll(() => page.getByTestId('batch-count').textContent(), { timeout: 10_000 }).toContain('selected')
  })

  it('Esc clears the selection from the grid or anywhere, but first closes an open class list', async () => {
    // From the grid; the selection alone (its count is the other tests' business).
    await grid(page).focus()
    await page.keyboard.press('Control+a')
    await expect.poll(() => barCount(page), { timeout: 10_000 }).toBeGreaterThan(0)
    await grid(page).focus()
    await page.keyboard.press('Escape')
    await expect.poll(() => barCount(page), { timeout: 5_000 }).toBe(0)
    await expect.poll(() => page.locator('[data-testid="image-tile"][aria-selected="true"]').count()).toBe(0)

    // With the focus on the Select all button.
    await page.getByTestId('select-all').click()
    await expect.poll(() => barCount(page), { timeout: 10_000 }).toBe(allIds.size)
    await page.keyboard.press('Escape')
    await expect.poll(() => barCount(page), { timeout: 5_000 }).toBe(0)

    // In the batch's class picker, Esc closes its list and keeps the selection.
    await grid(page).focus()
    await page.keyboard.press('Control+a')
    await expect.poll(() => barCount(page), { timeout: 10_000 }).toBe(allIds.size)
    const input = page.getByTestId('batch-class').locator('input')
    await input.click()
    await input.fill('a')
    await expect.poll(() => page.locator('li[data-class-code]').count(), { timeout: 10_000 }).toBeGreaterThan(0)
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('li[data-class-code]').count(), { timeout: 5_000 }).toBe(0)
    expect(await barCount(page)).toBe(allIds.size)
    await grid(page).focus()
    await page.keyboard.press('Escape')
    await expect.poll(() => barCount(page), { timeout: 5_000 }).toBe(0)
  })
})
