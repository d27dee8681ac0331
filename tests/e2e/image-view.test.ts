import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'
import { launchChromium } from './helpers/browser'
import { startHeadlessApp, type RunningApp } from './helpers/headless-app'

interface CsvBox {
  code: string
  xMin: number
  xMax: number
  yMin: number
  yMax: number
}

interface Rect {
  left: number
  top: number
  width: number
  height: number
}

/** The demo's boxes by image id, straight from train_bounding_boxes.csv. */
function readBoxes(datasetDir: string): Map<string, CsvBox[]> {
  const [header, ...rows] = readFileSync(join(datasetDir, 'train_bounding_boxes.csv'), 'utf8').trim().split('\n')
  const column = Object.fromEntries(header!.split(',').map((name, index) => [name.trim(), index]))
  const boxes = new Map<string, CsvBox[]>()
  for (const row of rows) {
    const cells = row.split(',')
    const at = (name: string) => cells[column[name]!]!
    const list = boxes.get(at('ImageID')) ?? []
    list.push({ code: at('LabelName'), xMin: Number(at('XMin')), xMax: Number(at('XMax')), yMin: Number(at('YMin')), yMax: Number(at('YMax')) })
    boxes.set(at('ImageID'), list)
  }
  return boxes
}

/** The image file of a demo image: `train/<first hex char>/<id>.jpg`. */
const imageFile = (datasetDir: string, imageId: string) => join(datasetDir, 'train', imageId[0]!, `${imageId}.jpg`)

const rectOf = (locator: Locator): Promise<Rect> =>
  locator.evaluate((element) => {
    const { left, top, width, height } = element.getBoundingClientRect()
    return { left, top, width, height }
  })

/**
 * For every CSV box of the image, a distinct drawn `[data-box-index]` of the same class whose edges
 * are where the CSV puts them on the rendered image, within 1 px. Returns the misfits (empty when all fit).
 */
async function misplacedBoxes(view: Locator, imageId: string, expected: CsvBox[]): Promise<string[]> {
  const image = await rectOf(view.locator(`img[alt="Image ${imageId}"]`))
  const drawn = await view.locator('[data-box-index]').evaluateAll((elements) =>
    elements.map((element) => {
      const { left, top, width, height } = element.getBoundingClientRect()
      return { code: element.getAttribute('data-box-class'), left, top, width, height }
    }),
  )
  if (drawn.length !== expected.length) return [`${drawn.length} boxes drawn, ${expected.length} in the CSV`]
  const free = new Set(drawn.keys())
  const misfits: string[] = []
  for (const box of expected) {
    const want = {
      left: image.left + box.xMin * image.width,
      right: image.left + box.xMax * image.width,
      top: image.top + box.yMin * image.height,
      bottom: image.top + box.yMax * image.height,
    }
    const match = [...free].find((index) => {
      const got = drawn[index]!
      return (
        got.code === box.code &&
        Math.abs(got.left - want.left) <= 1 &&
        Math.abs(got.left + got.width - want.right) <= 1 &&
        Math.abs(got.top - want.top) <= 1 &&
        Math.abs(got.top + got.height - want.bottom) <= 1
      )
    })
    if (match === undefined) misfits.push(`${box.code} expected at ${JSON.stringify(want)}; drawn: ${JSON.stringify(drawn)}`)
    else free.delete(match)
  }
  return misfits
}

describe('the image view in Chromium, on the demo workspace', () => {
  const home = tempDir('oiw-home-')
  const datasetDir = join(home.dir, 'demo-workspace', 'dataset')
  let app: RunningApp
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let page: Page
  const pageErrors: string[] = []
  let order: string[] = []
  let boxesOf: Map<string, CsvBox[]>
  let corruptId: string
  let missingId: string

  const view = () => page.getByTestId('image-view')
  const tile = (imageId: string) => page.locator(`[data-testid="image-tile"][data-image-id="${imageId}"]`)
  const viewedId = () => view().getAttribute('data-image-id')

  async function openTile(imageId: string): Promise<void> {
    await expect.poll(() => tile(imageId).count(), { timeout: 20_000 }).toBe(1)
    await tile(imageId).scrollIntoViewIfNeeded()
    await tile(imageId).click()
    await expect.poll(() => view().isVisible(), { timeout: 10_000 }).toBe(true)
    await expect.poll(viewedId).toBe(imageId)
  }

  async function closeView(): Promise<void> {
    await page.keyboard.press('Escape')
    await expect.poll(() => view().isVisible()).toBe(false)
  }

  beforeAll(async () => {
    app = await startHeadlessApp({ home: home.dir })
    boxesOf = readBoxes(datasetDir)
    // The grid's order (catalog order), from the API, so the files can be spoilt before the page asks for them.
    const listing = await fetch(`${app.url}/api/images.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ limit: 12 }),
    }).then((res) => res.json() as Promise<{ value: { items: Array<{ imageId: string }> } }>)
    order = listing.value.items.map((item) => item.imageId)
    corruptId = order[8]!
    missingId = order[10]!
    writeFileSync(imageFile(datasetDir, corruptId), 'not a jpeg')
    rmSync(imageFile(datasetDir, missingId))
    for (const id of [corruptId, missingId]) rmSync(join(home.dir, 'demo-workspace', 'cache', 'thumbs', id.slice(0, 2), `${id}.jpg`), { force: true })

    browser = await launchChromium()
    page = await browser.context.newPage()
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(app.pageUrl)
    await page.getByTestId('image-tile').nth(11).waitFor({ timeout: 20_000 })
  })
  afterAll(async () => {
    await browser?.close()
    await app?.stop()
    home.remove()
  })

  it('draws every box where the CSV puts it, at fit and zoomed, within 1 px', async () => {
    const imageId = order.find((id) => (boxesOf.get(id)?.length ?? 0) >= 2 && id !== corruptId && id !== missingId)!
    const expected = boxesOf.get(imageId)!
    await openTile(imageId)
    const image = view().locator(`img[alt="Image ${imageId}"]`)
    await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0), { timeout: 10_000 }).toBe(true)
    await expect.poll(() => misplacedBoxes(view(), imageId, expected), { timeout: 10_000 }).toEqual([])
    const fitWidth = (await rectOf(image)).width
    await expect.poll(() => view().getByTestId('zoom-level').textContent()).toMatch(/^Fit/)

    await page.keyboard.press('+')
    await expect.poll(async () => (await rectOf(image)).width / fitWidth).toBeCloseTo(1.25, 2)
    await expect.poll(() => view().getByTestId('zoom-level').textContent()).not.toMatch(/^Fit/)
    expect(await misplacedBoxes(view(), imageId, expected)).toEqual([])

    // The wheel zooms about the cursor, a drag pans: the boxes stay on the picture.
    const stage = await rectOf(view().getByTestId('image-stage'))
    await page.mouse.move(stage.left + stage.width * 0.3, stage.top + stage.height * 0.4)
    await page.mouse.wheel(0, -400)
    await page.mouse.wheel(0, -400)
    await expect.poll(async () => (await rectOf(image)).width / fitWidth).toBeGreaterThan(2)
    expect(await misplacedBoxes(view(), imageId, expected)).toEqual([])
    const before = await rectOf(image)
    await page.mouse.down()
    await page.mouse.move(stage.left + stage.width * 0.5, stage.top + stage.height * 0.5, { steps: 4 })
    await page.mouse.up()
    await expect.poll(async () => (await rectOf(image)).left).not.toBeCloseTo(before.left, 0)
    expect(await misplacedBoxes(view(), imageId, expected)).toEqual([])

    await page.keyboard.press('0')
    await expect.poll(async () => (await rectOf(image)).width).toBeCloseTo(fitWidth, 1)
    expect(await misplacedBoxes(view(), imageId, expected)).toEqual([])
    await closeView()
  })

  it('steps with →/← and j/k in the grid order, toggles boxes with b, closes with Esc', async () => {
    const tiles = await page.locator('[data-testid="image-tile"]').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-image-id')!))
    expect(tiles.slice(0, 4)).toEqual(order.slice(0, 4))
    const first = tiles.findIndex((id) => (boxesOf.get(id)?.length ?? 0) > 0)
    expect(first).toBeGreaterThanOrEqual(0)
    expect(first).toBeLessThan(5)
    await openTile(tiles[first]!)

    await page.keyboard.press('ArrowRight')
    await expect.poll(viewedId).toBe(tiles[first + 1])
    await page.keyboard.press('j')
    await expect.poll(viewedId).toBe(tiles[first + 2])
    await page.keyboard.press('k')
    await expect.poll(viewedId).toBe(tiles[first + 1])
    await page.keyboard.press('ArrowLeft')
    await expect.poll(viewedId).toBe(tiles[first])

    const drawn = view().locator('[data-box-index]')
    await expect.poll(() => drawn.count(), { timeout: 10_000 }).toBe(boxesOf.get(tiles[first]!)!.length)
    await page.keyboard.press('b')
    await expect.poll(() => drawn.count()).toBe(0)
    await expect.poll(() => view().getByTestId('toggle-boxes').getAttribute('aria-pressed')).toBe('false')
    await page.keyboard.press('b')
    await expect.poll(() => drawn.count()).toBe(boxesOf.get(tiles[first]!)!.length)

    await closeView()
    const box = await tile(tiles[first]!).boundingBox()
    const viewport = page.viewportSize()!
    expect(box && box.y >= 0 && box.y + box.height <= viewport.height).toBe(true)
  })

  it('lights a box and its row in the side panel together, and shows its flags', async () => {
    const imageId = order.find((id) => (boxesOf.get(id)?.length ?? 0) >= 2 && id !== corruptId && id !== missingId)!
    await openTile(imageId)
    const row = view().locator('[data-box-row="1"]')
    await row.hover()
    await expect.poll(() => view().locator('[data-box-index="1"]').getAttribute('data-highlighted')).toBe('true')
    await expect.poll(() => row.getAttribute('data-highlighted')).toBe('true')
    const tags = await view().getByTestId('box-tag').evaluateAll((elements) => elements.map((element) => element.getAttribute('title')))
    expect(tags.every((title) => / — /.test(title ?? ''))).toBe(true)

    await view().getByTestId('toggle-labels-machine').click()
    await expect.poll(() => view().locator('[data-label-group="machine"]').count()).toBe(0)
    await view().getByTestId('toggle-labels-machine').click()
    await closeView()
  })

  it('shows the reason instead of a corrupt or missing file, in the grid and in the view', async () => {
    for (const [imageId, reason] of [
      [corruptId, /cannot be decoded/],
      [missingId, /is missing/],
    ] as const) {
      const placeholder = tile(imageId).getByTestId('image-unavailable')
      await tile(imageId).scrollIntoViewIfNeeded()
      await expect.poll(() => placeholder.textContent(), { timeout: 10_000 }).toMatch(reason)
      await expect.poll(() => placeholder.textContent()).toContain(imageId)

      await openTile(imageId)
      const inView = view().getByTestId('image-unavailable')
      await expect.poll(() => inView.textContent(), { timeout: 10_000 }).toMatch(reason)
      expect(await view().locator('img').count()).toBe(0)
      await closeView()
    }
    expect(pageErrors).toEqual([])
  })

  it('stays closed when another page is shown right after closing it, and Browse is shown again', async () => {
    for (const imageId of order.slice(0, 3)) {
      await openTile(imageId)
      await page.keyboard.press('Escape')
      await expect.poll(() => view().isVisible()).toBe(false)
      // At once: the URL must already have dropped the image.
      expect(new URL(page.url()).searchParams.get('image')).toBeNull()
      await page.getByTestId('page-explore').click()
      await page.getByTestId('explore-page').waitFor()
      await page.getByTestId('page-browse').click()
      await page.getByTestId('image-tile').first().waitFor()
      await page.waitForTimeout(300)
      expect(await view().isVisible(), imageId).toBe(false)
    }
    expect(pageErrors).toEqual([])
  })
})
