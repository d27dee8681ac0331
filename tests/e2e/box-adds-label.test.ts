import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { HttpApiClient } from '../../src/renderer/api/http-client'
import type { ClassRecord, ImageBox, ImageDetail } from '../../src/shared/api/index'
import { tempDir } from '../helpers/temp-dir'
import { closeView, imageView, openTile, pickClass, rectOf } from './helpers/annotate-page'
import { startDemoSession, type DemoSession } from './helpers/demo-session'

/**
 * Issue 18 item 4, boxes and labels: a drawn box makes its class a human-verified positive label of
 * its image, as one undoable edit; draw mode ends once the box is added (its handles show); the tag on
 * the image shows the flags its row in the list shows.
 */
describe('a drawn box labels its image, in Chromium', () => {
  const home = tempDir('oiw-home-')
  let session: DemoSession
  let page: Page
  let api: HttpApiClient
  let imageId: string
  let target: ClassRecord
  let boxId: number
  const pageErrors: string[] = []

  const view = () => imageView(page)
  const detail = (id: string): Promise<ImageDetail> => api.call('images.get', { imageId: id })
  const oiwBoxes = async (): Promise<ImageBox[]> => (await detail(imageId)).boxes.filter((box) => box.source === 'oiw' && box.code === target.code)
  const humanVerdict = async () => {
    const labels = (await detail(imageId)).labels.filter((label) => label.code === target.code && label.source !== 'machine' && label.source !== 'tuning')
    return labels.length === 0 ? 'none' : labels.some((label) => label.confidence > 0) ? 'present' : 'absent'
  }
  const drawMode = () => view().getByTestId('image-stage').getAttribute('data-draw-mode')

  beforeAll(async () => {
    session = await startDemoSession(home.dir)
    page = session.page
    api = new HttpApiClient({ baseUrl: session.app.url, token: session.app.token, WebSocket: null })
    target = (await api.call('catalog.listClasses', { query: 'Dog', limit: 1 })).items[0]!
    expect(target?.name).toBe('Dog')
    // An image of the grid's first rows with no human Dog label and no Dog box.
    for (const { imageId: id } of (await api.call('images.list', { limit: 24 })).items) {
      const { labels, boxes } = await detail(id)
      const human = labels.filter((label) => label.source !== 'machine' && label.source !== 'tuning')
      if (![...human, ...boxes].some((item) => item.code === target.code)) {
        imageId = id
        break
      }
    }
    expect(imageId).toBeDefined()
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(session.app.pageUrl)
    await page.getByTestId('image-tile').nth(11).waitFor({ timeout: 20_000 })
  })
  afterEach(() => expect(pageErrors).toEqual([]))
  afterAll(async () => {
    await session?.close()
    home.remove()
  })

  it('drawing a Dog box makes Dog a human-verified positive label of the image, in the same request', async () => {
    const image = await openTile(page, imageId)
    expect(await humanVerdict()).toBe('none')
    await page.keyboard.press('d')
    await expect.poll(drawMode).toBe('true')
    const drawn = await rectOf(image)
    await page.mouse.move(drawn.left + drawn.width * 0.25, drawn.top + drawn.height * 0.3)
    await page.mouse.down()
    await page.mouse.move(drawn.left + drawn.width * 0.7, drawn.top + drawn.height * 0.75, { steps: 8 })
    await page.mouse.up()
    const draft = view().getByTestId('draft-box')
    await draft.waitFor({ timeout: 5_000 })
    await pickClass(page, draft.getByTestId('draft-box-class'), target.name, target.code)
    await draft.getByTestId('draft-box-create').click()

    await expect.poll(() => oiwBoxes().then((boxes) => boxes.length), { timeout: 10_000 }).toBe(1)
    boxId = (await oiwBoxes())[0]!.boxId
    await expect.poll(humanVerdict, { timeout: 10_000 }).toBe('present')
    // One request: the label edit comes right after the box's, by the same window at the same moment.
    const [label, box] = (await api.call('annotate.history', { imageId, limit: 2 })).items
    expect(box).toMatchObject({ kind: 'box-create', classCode: target.code, boxId })
    expect(label).toMatchObject({ kind: 'label', classCode: target.code, after: { verdict: 'present' }, author: box!.author, at: box!.at })
  })

  it('leaves draw mode once the box is added: the new box is selected, with its handles', async () => {
    await expect.poll(drawMode, { timeout: 10_000 }).toBe(null)
    await expect.poll(() => view().getByTestId('draw-mode').getAttribute('aria-pressed')).toBe('false')
    await expect.poll(() => view().getByTestId('box-editor').getAttribute('data-editing-box'), { timeout: 10_000 }).toBe(String(boxId))
    await expect.poll(() => view().locator('[data-testid="box-editor"] [data-handle]').count()).toBe(8)
  })

  it('takes the box and its label away with one Ctrl+Z, and brings both back with Ctrl+Shift+Z', async () => {
    expect(await humanVerdict()).toBe('present')
    await page.keyboard.press('Control+z')
    await expect.poll(() => oiwBoxes().then((boxes) => boxes.length), { timeout: 10_000 }).toBe(0)
    await expect.poll(humanVerdict, { timeout: 10_000 }).toBe('none')
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(() => oiwBoxes().then((boxes) => boxes.length), { timeout: 10_000 }).toBe(1)
    await expect.poll(humanVerdict, { timeout: 10_000 }).toBe('present')
  })

  it('shows on the selected box’s tag the flags its row in the list shows', async () => {
    if (!(await view().isVisible())) await openTile(page, imageId)
    if ((await drawMode()) === 'true') await page.keyboard.press('d')
    await expect.poll(drawMode).toBe(null)
    const row = view().locator(`[data-row-box-id="${boxId}"]`)
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1)
    await row.click()
    await expect.poll(() => view().getByTestId('box-editor').getAttribute('data-editing-box'), { timeout: 10_000 }).toBe(String(boxId))

    await view().locator('[data-testid="box-flag-isOccluded"] [data-flag-value="1"]').click()
    await expect.poll(async () => (await oiwBoxes())[0]?.isOccluded, { timeout: 10_000 }).toBe(1)
    await view().locator('[data-testid="box-flag-isInside"] [data-flag-value="-1"]').click()
    await expect.poll(async () => (await oiwBoxes())[0]?.isInside, { timeout: 10_000 }).toBe(-1)

    // allTextContents() does not wait for an element: a missing one reads [] and the poll goes on.
    const listed = row.getByTestId('box-flags')
    await expect.poll(() => listed.allTextContents(), { timeout: 10_000 }).toEqual(['OI?'])
    const tag = view().locator('[data-testid="box-editor"] [data-testid="box-tag"]')
    await expect.poll(() => tag.getByTestId('box-flags').allTextContents(), { timeout: 10_000 }).toEqual(['OI?'])
    await expect.poll(() => tag.allTextContents()).toEqual([`${target.name}OI?`])
    // …and so does its tag once it is no longer selected.
    await page.keyboard.press('Escape')
    await expect.poll(() => view().getByTestId('box-editor').count()).toBe(0)
    const overlayTag = view().locator(`[data-testid="box-overlay"] [data-box-id="${boxId}"] [data-testid="box-tag"]`)
    await expect.poll(() => overlayTag.getByTestId('box-flags').allTextContents(), { timeout: 10_000 }).toEqual(['OI?'])
    await closeView(page)
  })
})
