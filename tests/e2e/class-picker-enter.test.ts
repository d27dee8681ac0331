import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { HttpApiClient } from '../../src/renderer/api/http-client'
import type { ClassRecord, ImageBox, ImageDetail } from '../../src/shared/api/index'
import { tempDir } from '../helpers/temp-dir'
import { closeView, imageView, openTile, pickClass, rectOf } from './helpers/annotate-page'
import { startDemoSession, type DemoSession } from './helpers/demo-session'

/**
 * Issue 18 item 1: once a class was chosen, typing another one and pressing Enter picked the old class
 * again. Each test chooses class A, types class B's name at full speed and presses Enter at once (before
 * the debounced search answers), then reads back what was written.
 */
describe('class pickers: Enter picks the first match of what was typed, in Chromium', () => {
  const home = tempDir('oiw-home-')
  let session: DemoSession
  let page: Page
  let api: HttpApiClient
  const pageErrors: string[] = []

  const detail = (imageId: string): Promise<ImageDetail> => api.call('images.get', { imageId })
  const humanEdits = async (imageId: string, code: string) =>
    (await api.call('annotate.history', { imageId })).items.filter((edit) => edit.kind === 'label' && edit.classCode === code)
  const humanVerdict = async (imageId: string, code: string) => {
    const labels = (await detail(imageId)).labels.filter((label) => label.code === code && label.source !== 'machine' && label.source !== 'tuning')
    return labels.length === 0 ? 'none' : labels.some((label) => label.confidence > 0) ? 'present' : 'absent'
  }
  const oiwBoxes = async (imageId: string, code: string): Promise<ImageBox[]> => (await detail(imageId)).boxes.filter((box) => box.source === 'oiw' && box.code === code)

  /** The class named exactly `name`, checked to be the first match of a search for its name. */
  async function named(name: string): Promise<ClassRecord> {
    const [first] = (await api.call('catalog.listClasses', { query: name, limit: 5 })).items
    expect(first?.name).toBe(name)
    return first!
  }

  const popup = () => page.locator('.MuiAutocomplete-popper')

  /** Selects what the field shows, types `text` with no delay and presses Enter at once, as a quick typist does. */
  async function typeThenEnter(picker: Locator, text: string): Promise<void> {
    await picker.locator('input').selectText()
    await page.keyboard.type(text)
    await page.keyboard.press('Enter')
  }

  beforeAll(async () => {
    session = await startDemoSession(home.dir)
    page = session.page
    api = new HttpApiClient({ baseUrl: session.app.url, token: session.app.token, WebSocket: null })
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(session.app.pageUrl)
    await page.getByTestId('image-tile').nth(11).waitFor({ timeout: 20_000 })
  })
  afterEach(async () => {
    if (await imageView(page).isVisible()) await closeView(page)
  })
  afterAll(async () => {
    await session?.close()
    home.remove()
  })

  it('batch bar: Hat chosen, then "Clothing" + Enter + Reject rejects Clothing, and nothing of Hat', async () => {
    const [hat, clothing] = [await named('Hat'), await named('Clothing')]
    const candidates = (await api.call('images.list', { limit: 24 })).items.map((image) => image.imageId)
    const picked: string[] = []
    for (const imageId of candidates) {
      if (picked.length === 3) break
      if ((await humanVerdict(imageId, hat.code)) === 'none' && (await humanVerdict(imageId, clothing.code)) === 'none') picked.push(imageId)
    }
    expect(picked).toHaveLength(3)

    for (const imageId of picked) {
      const tile = page.locator(`[data-testid="image-tile"][data-image-id="${imageId}"]`)
      await tile.scrollIntoViewIfNeeded()
      await tile.click({ modifiers: ['Control'] })
    }
    await expect.poll(() => page.getByTestId('batch-bar').getAttribute('data-count')).toBe('3')
    const field = page.getByTestId('batch-class')
    await pickClass(page, field, hat.name, hat.code)

    await typeThenEnter(field, clothing.name)
    // Enter has picked (the list closed): what the bar now applies is what was written.
    await expect.poll(() => popup().count(), { timeout: 10_000 }).toBe(0)
    await page.getByTestId('batch-reject').click()
    for (const imageId of picked) await expect.poll(() => humanVerdict(imageId, clothing.code), { timeout: 10_000 }).toBe('absent')
    for (const imageId of picked) expect(await humanEdits(imageId, hat.code)).toEqual([])
    expect(await field.locator('input').inputValue()).toBe(clothing.name)

    await page.getByTestId('batch-clear').click()
    await expect.poll(() => page.getByTestId('batch-bar').count()).toBe(0)
  })

  it('new box: Fish chosen, then "Carrot" + Enter + Enter adds a Carrot box; the box’s field then changes it to Banana', async () => {
    const [fish, carrot, banana] = [await named('Fish'), await named('Carrot'), await named('Banana')]
    const imageId = (await api.call('images.list', { limit: 24 })).items[20]!.imageId
    const image = await openTile(page, imageId)
    await page.keyboard.press('d')
    await expect.poll(() => imageView(page).getByTestId('image-stage').getAttribute('data-draw-mode')).toBe('true')
    const drawn = await rectOf(image)
    await page.mouse.move(drawn.left + drawn.width * 0.2, drawn.top + drawn.height * 0.2)
    await page.mouse.down()
    await page.mouse.move(drawn.left + drawn.width * 0.6, drawn.top + drawn.height * 0.7, { steps: 8 })
    await page.mouse.up()
    const draft = imageView(page).getByTestId('draft-box')
    await draft.waitFor({ timeout: 5_000 })
    const field = draft.getByTestId('draft-box-class')
    await pickClass(page, field, fish.name, fish.code)

    await typeThenEnter(field, carrot.name)
    await expect.poll(() => popup().count(), { timeout: 10_000 }).toBe(0)
    // Enter with the list closed adds the box, of the class the field now shows.
    await page.keyboard.press('Enter')
    await expect.poll(() => oiwBoxes(imageId, carrot.code).then((boxes) => boxes.length), { timeout: 10_000 }).toBe(1)
    expect(await oiwBoxes(imageId, fish.code)).toEqual([])
    const [box] = await oiwBoxes(imageId, carrot.code)

    // The new box is selected: its class field, with the search answered before Enter this time.
    await expect.poll(() => imageView(page).getByTestId('box-details').getAttribute('data-box-id'), { timeout: 10_000 }).toBe(String(box!.boxId))
    const boxField = imageView(page).getByTestId('box-class')
    await boxField.locator('input').selectText()
    await page.keyboard.type(banana.name)
    await page.locator(`li[data-class-code="${banana.code}"]`).waitFor({ timeout: 10_000 })
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await detail(imageId)).boxes.find((b) => b.boxId === box!.boxId)?.code, { timeout: 10_000 }).toBe(banana.code)
    await closeView(page)
  })

  it('browse filter: Dog chosen, then "Umbrella" + Enter filters on Umbrella; text matching no class picks nothing', async () => {
    const [dog, umbrella] = [await named('Dog'), await named('Umbrella')]
    const classParam = () => new URL(page.url()).searchParams.get('class')
    const count = async () => Number(await page.getByTestId('image-count').getAttribute('data-count'))
    const umbrellaImages = (await api.call('images.window', { filter: { classCode: umbrella.code }, offset: 0, limit: 1 })).total
    await page.goto(session.app.pageUrl)
    await expect.poll(() => count(), { timeout: 20_000 }).toBe(300)
    const field = page.getByTestId('filter-class')
    await pickClass(page, field, dog.name, dog.code)
    await expect.poll(classParam, { timeout: 10_000 }).toBe(dog.code)

    await typeThenEnter(field, umbrella.name)
    await expect.poll(classParam, { timeout: 10_000 }).toBe(umbrella.code)
    await expect.poll(() => count(), { timeout: 10_000 }).toBe(umbrellaImages)
    expect(await field.locator('input').inputValue()).toBe(umbrella.name)

    // No class matches: Enter keeps the filter and the list says so.
    await typeThenEnter(field, 'zzqxj')
    await expect.poll(() => popup().textContent(), { timeout: 10_000 }).toContain('No class matches')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Escape')
    await expect.poll(() => popup().count(), { timeout: 10_000 }).toBe(0)
    expect(classParam()).toBe(umbrella.code)
    expect(await count()).toBe(umbrellaImages)
    expect(pageErrors).toEqual([])
  })
})
