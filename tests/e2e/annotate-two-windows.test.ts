import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HttpApiClient } from '../../src/renderer/api/http-client'
import type { ImageBox } from '../../src/shared/api/index'
import { tempDir } from '../helpers/temp-dir'
import { closeView, drag, imageView, openTile, pickClass, pointOnBox, rectOf } from './helpers/annotate-page'
import { startDemoSession, type DemoSession } from './helpers/demo-session'

const person = '/m/01g317'

/** Two browser windows on one image: the last write wins per field, both histories stay, nothing breaks. */
describe('two windows editing the same image', () => {
  const home = tempDir('oiw-home-')
  let session: DemoSession
  let windows: [Page, Page]
  let api: HttpApiClient
  const pageErrors: string[] = []

  beforeAll(async () => {
    session = await startDemoSession(home.dir)
    windows = [session.page, await session.context.newPage()]
    api = new HttpApiClient({ baseUrl: session.app.url, token: session.app.token, WebSocket: null })
    for (const page of windows) {
      page.on('pageerror', (error) => pageErrors.push(error.message))
      await page.goto(session.app.pageUrl)
      await page.getByTestId('image-tile').nth(8).waitFor({ timeout: 20_000 })
    }
  })
  afterAll(async () => {
    await session?.close()
    home.remove()
  })

  it('keeps window A’s move and window B’s class change of one box, and both windows’ edits in the history', async () => {
    const imageId = (await api.call('images.list', { limit: 8 })).items[5]!.imageId
    const boxOf = async (id: number): Promise<ImageBox | undefined> => (await api.call('images.get', { imageId })).boxes.find((b) => b.boxId === id)
    const { boxId } = await api.call('annotate.createBox', {
      requestId: `two-windows-${Date.now()}`,
      author: 'setup',
      imageId,
      box: { classCode: person, xMin: 0.2, xMax: 0.55, yMin: 0.25, yMax: 0.6, isOccluded: 0, isTruncated: 0, isGroupOf: 0, isDepiction: 0, isInside: 0 },
    })
    const [a, b] = windows
    const images = [await openTile(a, imageId), await openTile(b, imageId)]
    for (const page of windows) await expect.poll(() => imageView(page).locator(`[data-box-id="${boxId}"]`).count(), { timeout: 10_000 }).toBe(1)

    // Both select the box; then A moves it and B, whose view still shows it where it was, changes its class.
    const points = []
    for (const page of windows) {
      const point = await pointOnBox(page, boxId!)
      expect(point).not.toBeNull()
      points.push(point!)
      await page.mouse.click(point!.x, point!.y)
      await expect.poll(() => imageView(page).getByTestId('box-details').getAttribute('data-box-id')).toBe(String(boxId))
    }
    const shown = await rectOf(images[0]!)
    await drag(a, points[0]!, shown.width * 0.1, 0)
    await expect.poll(async () => (await boxOf(boxId!))?.xMin, { timeout: 10_000 }).toBeCloseTo(0.3, 2)
    const other = (await api.call('catalog.listClasses', { query: '', limit: 10 })).items.find((item) => item.code !== person)!
    await pickClass(b, imageView(b).getByTestId('box-class'), other.name, other.code)
    await expect.poll(async () => (await boxOf(boxId!))?.code, { timeout: 10_000 }).toBe(other.code)
    const final = (await boxOf(boxId!))!
    expect(final.xMin).toBeCloseTo(0.3, 2)
    expect(final.xMax).toBeCloseTo(0.65, 2)

    // Each window reloads on the other's edit: both show the class B chose in the selected box's panel.
    for (const page of windows) {
      await expect.poll(() => imageView(page).getByTestId('box-class').locator('input').inputValue(), { timeout: 10_000 }).toBe(other.name)
    }

    // Both set the same flag at once: the later edit's value is the one kept.
    await Promise.all([
      imageView(a).locator('[data-testid="box-flag-isOccluded"] [data-flag-value="1"]').click(),
      imageView(b).locator('[data-testid="box-flag-isOccluded"] [data-flag-value="-1"]').click(),
    ])
    await expect.poll(async () => (await api.call('annotate.history', { imageId, limit: 20 })).items.filter((e) => e.kind === 'box-update' && e.after !== null && 'isOccluded' in e.after).length, { timeout: 10_000 }).toBe(2)
    const history = (await api.call('annotate.history', { imageId, limit: 20 })).items
    const lastFlag = history.find((e) => e.kind === 'box-update' && e.after !== null && 'isOccluded' in e.after)!
    expect((await boxOf(boxId!))?.isOccluded).toBe((lastFlag.after as { isOccluded: number }).isOccluded)

    const authors = new Set(history.filter((e) => e.author !== 'setup').map((e) => e.author))
    expect(authors.size).toBe(2)
    // (The setup's box may have added its class as a label of the image too: that edit is the setup's.)
    expect(history.filter((e) => e.kind !== 'label').map((e) => e.kind)).toEqual(['box-update', 'box-update', 'box-update', 'box-update', 'box-create'])
    expect(history.filter((e) => e.kind === 'label').every((e) => e.author === 'setup' && e.classCode === person)).toBe(true)
    // Deselected, both draw the merged box: B's class at A's place.
    for (const page of windows) {
      await page.keyboard.press('Escape')
      const drawn = imageView(page).locator(`[data-testid="box-overlay"] [data-box-id="${boxId}"]`)
      await expect.poll(() => drawn.getAttribute('data-box-class'), { timeout: 10_000 }).toBe(other.code)
      const [box, image] = [await rectOf(drawn), await rectOf(imageView(page).locator(`img[alt="Image ${imageId}"]`))]
      expect((box.left - image.left) / image.width).toBeCloseTo(final.xMin, 2)
    }
    expect(pageErrors).toEqual([])
  })

  it('updates the class table another window shows when an edit lands, without a reload', async () => {
    const b = windows[1]
    await closeView(b)
    await b.getByTestId('page-explore').click()
    await b.getByTestId('class-search').locator('input').fill(person)
    const cell = (col: string) => b.locator(`[data-testid="class-row"][data-class-code="${person}"] [data-col="${col}"]`)
    await cell('humanNegative').waitFor({ timeout: 20_000 })
    // The search has settled: the table lists that class alone.
    await expect.poll(() => b.getByTestId('class-row').count(), { timeout: 10_000 }).toBe(1)
    await b.waitForTimeout(500)
    const before = { negative: Number(await cell('humanNegative').getAttribute('data-value')), positive: Number(await cell('humanPositive').getAttribute('data-value')) }
    const { items } = await api.call('images.list', { classCode: person, labelFilter: 'human-positive', limit: 50 })
    let imageId: string | null = null
    for (const item of items) {
      const { labels } = await api.call('images.get', { imageId: item.imageId })
      if (labels.some((l) => l.code === person && l.source !== 'machine' && l.source !== 'tuning' && l.confidence === 1)) imageId = item.imageId
      if (imageId) break
    }
    await api.call('annotate.setLabels', { requestId: `other-window-${Date.now()}`, author: 'other-window', edits: [{ imageId: imageId!, classCode: person, verdict: 'absent' }] })
    await expect.poll(async () => Number(await cell('humanNegative').getAttribute('data-value')), { timeout: 10_000 }).toBe(before.negative + 1)
    expect(Number(await cell('humanPositive').getAttribute('data-value'))).toBe(before.positive - 1)
    expect(pageErrors).toEqual([])
  })
})
