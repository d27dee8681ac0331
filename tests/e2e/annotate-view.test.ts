import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { HttpApiClient } from '../../src/renderer/api/http-client'
import type { ImageBox, ImageDetail } from '../../src/shared/api/index'
import { tempDir } from '../helpers/temp-dir'
import { closeView as closeViewIn, drag as dragIn, pickClass as pickClassIn, pointOnBox, rectOf, type Rect } from './helpers/annotate-page'
import { startDemoSession, type DemoSession } from './helpers/demo-session'

const person = '/m/01g317'

/** Annotating in the image view and the grid, in Chromium, checked through the API. */
describe('annotate in Chromium, on the demo workspace', () => {
  const home = tempDir('oiw-home-')
  let session: DemoSession
  let page: Page
  let api: HttpApiClient
  let order: string[]
  const pageErrors: string[] = []

  const view = () => page.getByTestId('image-view')
  const tile = (imageId: string) => page.locator(`[data-testid="image-tile"][data-image-id="${imageId}"]`)
  const detail = (imageId: string): Promise<ImageDetail> => api.call('images.get', { imageId })
  const oiwBoxes = async (imageId: string, code: string): Promise<ImageBox[]> => (await detail(imageId)).boxes.filter((box) => box.source === 'oiw' && box.code === code)
  const humanVerdict = async (imageId: string, code: string) => {
    const labels = (await detail(imageId)).labels.filter((label) => label.code === code && label.source !== 'machine' && label.source !== 'tuning')
    return labels.length === 0 ? 'none' : labels.some((label) => label.confidence > 0) ? 'present' : 'absent'
  }

  async function openTile(imageId: string): Promise<void> {
    await expect.poll(() => tile(imageId).count(), { timeout: 20_000 }).toBe(1)
    await tile(imageId).scrollIntoViewIfNeeded()
    await tile(imageId).click()
    await expect.poll(() => view().getAttribute('data-image-id'), { timeout: 10_000 }).toBe(imageId)
  }

  const closeView = () => closeViewIn(page)

  const pickClass = (picker: Locator, name: string, code: string) => pickClassIn(page, picker, name, code)

  /** A machine label of one of `imageIds` whose class has no human label on that image. */
  async function unverifiedMachineLabel(imageIds: string[]): Promise<{ imageId: string; code: string }> {
    for (const imageId of imageIds) {
      const { labels } = await detail(imageId)
      const human = new Set(labels.filter((label) => label.source !== 'machine' && label.source !== 'tuning').map((label) => label.code))
      const machine = labels.find((label) => label.source === 'machine' && !human.has(label.code))
      if (machine) return { imageId, code: machine.code }
    }
    throw new Error('no image with an unverified machine label')
  }

  const drag = (from: { x: number; y: number }, dx: number, dy: number) => dragIn(page, from, dx, dy)

  const centreOf = (rect: Rect) => ({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 })

  async function humanNegatives(code: string): Promise<number> {
    await page.getByTestId('page-explore').click()
    await page.getByTestId('explore-page').waitFor()
    await page.getByTestId('class-search').locator('input').fill(code)
    const cell = page.locator(`[data-testid="class-row"][data-class-code="${code}"] [data-col="humanNegative"]`)
    await cell.waitFor({ timeout: 20_000 })
    return Number(await cell.getAttribute('data-value'))
  }

  beforeAll(async () => {
    session = await startDemoSession(home.dir)
    page = session.page
    api = new HttpApiClient({ baseUrl: session.app.url, token: session.app.token, WebSocket: null })
    order = (await api.call('images.list', { limit: 24 })).items.map((image) => image.imageId)
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(session.app.pageUrl)
    await page.getByTestId('image-tile').nth(11).waitFor({ timeout: 20_000 })
  })
  // A failed test leaves no image view open over the next one.
  afterEach(async () => {
    if (await view().isVisible()) await closeView()
  })
  afterAll(async () => {
    await session?.close()
    home.remove()
  })

  it('draws a box in draw mode and stores it where the drag was, normalized, within 0.005', async () => {
    const imageId = order[0]!
    await openTile(imageId)
    const image = view().locator(`img[alt="Image ${imageId}"]`)
    await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0), { timeout: 10_000 }).toBe(true)
    expect(await oiwBoxes(imageId, person)).toEqual([])

    await page.keyboard.press('d')
    await expect.poll(() => view().getByTestId('image-stage').getAttribute('data-draw-mode')).toBe('true')
    const drawn = await rectOf(image)
    const from = { x: drawn.left + drawn.width * 0.21, y: drawn.top + drawn.height * 0.33 }
    const to = { x: drawn.left + drawn.width * 0.64, y: drawn.top + drawn.height * 0.78 }
    const expected = {
      xMin: (from.x - drawn.left) / drawn.width,
      xMax: (to.x - drawn.left) / drawn.width,
      yMin: (from.y - drawn.top) / drawn.height,
      yMax: (to.y - drawn.top) / drawn.height,
    }
    await page.mouse.move(from.x, from.y)
    await page.mouse.down()
    await page.mouse.move(to.x, to.y, { steps: 8 })
    await page.mouse.up()
    // A drag in draw mode draws: the image did not pan.
    expect(await rectOf(image)).toEqual(drawn)

    const draft = view().getByTestId('draft-box')
    await draft.waitFor({ timeout: 5_000 })
    await pickClass(draft.getByTestId('draft-box-class'), 'Person', person)
    await draft.getByTestId('draft-box-create').click()

    await expect.poll(() => oiwBoxes(imageId, person).then((boxes) => boxes.length), { timeout: 10_000 }).toBe(1)
    const [stored] = await oiwBoxes(imageId, person)
    for (const key of ['xMin', 'xMax', 'yMin', 'yMax'] as const) expect(Math.abs(stored![key] - expected[key]), key).toBeLessThanOrEqual(0.005)
    expect(stored!.edited).toBe(true)
    // …and `oiw export openimages` writes it to train_bounding_boxes.csv with those coordinates.
    const out = join(home.dir, 'export')
    const exported = spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'oiw.js'), 'export', 'openimages', out], { encoding: 'utf8', env: { ...process.env, OIW_HOME: home.dir } })
    expect(exported.stderr).toBe('')
    const rows = readFileSync(join(out, 'train_bounding_boxes.csv'), 'utf8').trim().split('\n').map((line) => line.split(','))
    const row = rows.filter((r) => r[0] === imageId && r[1] === 'oiw' && r[2] === person)
    expect(row).toHaveLength(1)
    const [xMin, xMax, yMin, yMax] = row[0]!.slice(4, 8).map(Number)
    expect(Math.abs(xMin! - expected.xMin)).toBeLessThanOrEqual(0.005)
    expect(Math.abs(xMax! - expected.xMax)).toBeLessThanOrEqual(0.005)
    expect(Math.abs(yMin! - expected.yMin)).toBeLessThanOrEqual(0.005)
    expect(Math.abs(yMax! - expected.yMax)).toBeLessThanOrEqual(0.005)
    // Adding the box ends draw mode: the new box is selected with its handles, marked edited in the list.
    await expect.poll(() => view().getByTestId('image-stage').getAttribute('data-draw-mode')).toBe(null)
    await expect.poll(() => view().getByTestId('box-details').getAttribute('data-box-id')).toBe(String(stored!.boxId))
    await expect.poll(() => view().getByTestId('box-editor').getAttribute('data-editing-box')).toBe(String(stored!.boxId))
    await expect.poll(() => view().locator(`[data-row-box-id="${stored!.boxId}"] [data-testid="edited-mark"]`).count()).toBe(1)

    // In draw mode again (d), a click without a drag draws nothing.
    await page.keyboard.press('d')
    await expect.poll(() => view().getByTestId('image-stage').getAttribute('data-draw-mode')).toBe('true')
    await page.mouse.click(drawn.left + drawn.width * 0.5, drawn.top + drawn.height * 0.5)
    await page.waitForTimeout(300)
    expect(await view().getByTestId('draft-box').count()).toBe(0)
    expect((await detail(imageId)).boxes.filter((box) => box.source === 'oiw')).toHaveLength(1)
    await page.keyboard.press('d')
    await expect.poll(() => view().getByTestId('image-stage').getAttribute('data-draw-mode')).toBe(null)
  })

  it('undoes the drawn box with Ctrl+Z and brings it back with Ctrl+Shift+Z', async () => {
    const imageId = order[0]!
    const [box] = await oiwBoxes(imageId, person)
    expect(box).toBeDefined()
    await page.keyboard.press('Control+z')
    await expect.poll(() => oiwBoxes(imageId, person).then((boxes) => boxes.length), { timeout: 10_000 }).toBe(0)
    await expect.poll(() => view().locator(`[data-box-class="${person}"][data-edited="true"], [data-testid="box-editor"]`).count()).toBe(0)

    await page.keyboard.press('Control+Shift+z')
    await expect.poll(() => oiwBoxes(imageId, person).then((boxes) => boxes.length), { timeout: 10_000 }).toBe(1)
    const [back] = await oiwBoxes(imageId, person)
    for (const key of ['xMin', 'xMax', 'yMin', 'yMax'] as const) expect(back![key]).toBeCloseTo(box![key], 6)

    // Ctrl+Y redoes too: undo once more, redo with it.
    await page.keyboard.press('Control+z')
    await expect.poll(() => oiwBoxes(imageId, person).then((boxes) => boxes.length), { timeout: 10_000 }).toBe(0)
    await page.keyboard.press('Control+y')
    await expect.poll(() => oiwBoxes(imageId, person).then((boxes) => boxes.length), { timeout: 10_000 }).toBe(1)
    await closeView()
  })

  it('selects a box with a click, moves it, resizes it, sets a flag and its class, and deletes it with Delete', async () => {
    const imageId = order[0]!
    const [box] = await oiwBoxes(imageId, person)
    expect(box).toBeDefined()
    await openTile(imageId)
    const image = view().locator(`img[alt="Image ${imageId}"]`)
    await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0), { timeout: 10_000 }).toBe(true)
    const drawn = await rectOf(image)
    // A point of the box that no smaller box covers.
    const onBox = await pointOnBox(page, box!.boxId)
    expect(onBox).not.toBeNull()
    await page.mouse.click(onBox!.x, onBox!.y)
    await expect.poll(() => view().getByTestId('box-details').getAttribute('data-box-id')).toBe(String(box!.boxId))
    await view().getByTestId('box-editor').waitFor()

    // Its body moves it: the image does not pan.
    await drag(onBox!, drawn.width * 0.1, drawn.height * 0.05)
    expect(await rectOf(image)).toEqual(drawn)
    await expect.poll(async () => (await oiwBoxes(imageId, person))[0]!.xMin, { timeout: 10_000 }).not.toBe(box!.xMin)
    const [moved] = await oiwBoxes(imageId, person)
    expect(moved!.xMin).toBeCloseTo(box!.xMin + 0.1, 2)
    expect(moved!.xMax).toBeCloseTo(box!.xMax + 0.1, 2)
    expect(moved!.yMin).toBeCloseTo(box!.yMin + 0.05, 2)
    expect(moved!.yMax).toBeCloseTo(box!.yMax + 0.05, 2)

    // The south-east grip resizes it; the other corner stays.
    const grip = await rectOf(view().locator('[data-testid="box-editor"] [data-handle="se"]'))
    await drag(centreOf(grip), -drawn.width * 0.05, -drawn.height * 0.1)
    await expect.poll(async () => (await oiwBoxes(imageId, person))[0]!.xMax, { timeout: 10_000 }).not.toBe(moved!.xMax)
    const [resized] = await oiwBoxes(imageId, person)
    expect(Math.abs(resized!.xMax - (moved!.xMax - 0.05))).toBeLessThanOrEqual(0.005)
    expect(Math.abs(resized!.yMax - (moved!.yMax - 0.1))).toBeLessThanOrEqual(0.005)
    expect(resized!.xMin).toBeCloseTo(moved!.xMin, 6)
    expect(resized!.yMin).toBeCloseTo(moved!.yMin, 6)

    await view().locator('[data-testid="box-flag-isOccluded"] [data-flag-value="1"]').click()
    await expect.poll(async () => (await detail(imageId)).boxes.find((b) => b.boxId === box!.boxId)?.isOccluded, { timeout: 10_000 }).toBe(1)
    const other = (await api.call('catalog.listClasses', { query: '', limit: 10 })).items.find((item) => item.code !== person)!
    await pickClass(view().getByTestId('box-class'), other.name, other.code)
    await expect.poll(async () => (await detail(imageId)).boxes.find((b) => b.boxId === box!.boxId)?.code, { timeout: 10_000 }).toBe(other.code)

    // Delete, with the focus out of the class field.
    await view().getByTestId('box-details').locator('span').first().click()
    await page.keyboard.press('Delete')
    await expect.poll(async () => (await detail(imageId)).boxes.some((b) => b.boxId === box!.boxId), { timeout: 10_000 }).toBe(false)
    expect((await detail(imageId)).boxes.filter((b) => b.source === 'oiw')).toHaveLength(0)
    // …and Ctrl+Z brings it back.
    await page.keyboard.press('Control+z')
    await expect.poll(async () => (await detail(imageId)).boxes.filter((b) => b.source === 'oiw' && b.code === other.code).length, { timeout: 10_000 }).toBe(1)
    await closeView()
  })

  it('accepts and rejects the selected label with y and n, and reverts from the image’s history', async () => {
    const { imageId, code } = await unverifiedMachineLabel(order.slice(15))
    await openTile(imageId)
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => view().locator('[data-testid="label-row"]').first().getAttribute('aria-selected')).toBe('true')
    const row = view().locator(`[data-testid="label-row"][data-label-source="machine"][data-label-code="${code}"]`)
    await row.click()
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true')

    await page.keyboard.press('y')
    await expect.poll(() => humanVerdict(imageId, code), { timeout: 10_000 }).toBe('present')
    await expect.poll(() => row.getAttribute('data-human-verdict'), { timeout: 10_000 }).toBe('present')
    await page.keyboard.press('n')
    await expect.poll(() => humanVerdict(imageId, code), { timeout: 10_000 }).toBe('absent')

    await view().getByTestId('image-history-toggle').click()
    const edits = view().getByTestId('image-history').getByTestId('edit-row')
    await expect.poll(() => edits.count(), { timeout: 10_000 }).toBe(2)
    expect(await edits.first().getByTestId('edit-change').textContent()).toBe('present → absent')
    await edits.first().getByTestId('edit-revert').click()
    await expect.poll(() => humanVerdict(imageId, code), { timeout: 10_000 }).toBe('present')
    await expect.poll(() => edits.count(), { timeout: 10_000 }).toBe(3)
    // The revert is this window's newest edit: Ctrl+Z undoes it.
    await page.keyboard.press('Control+z')
    await expect.poll(() => humanVerdict(imageId, code), { timeout: 10_000 }).toBe('absent')
    await closeView()
  })

  it('rejects a machine label in the image view: the class’s human-negative count in Explore goes up by one', async () => {
    // An image of the grid's first rows with a machine label whose class has no human label there.
    const { imageId, code } = await unverifiedMachineLabel(order.slice(1, 12))
    const before = await humanNegatives(code)

    await page.getByTestId('page-browse').click()
    await openTile(imageId)
    const row = view().locator(`[data-testid="label-row"][data-label-source="machine"][data-label-code="${code}"]`)
    await row.getByTestId('label-reject').click()
    await expect.poll(() => humanVerdict(imageId, code), { timeout: 10_000 }).toBe('absent')
    await expect.poll(() => row.getAttribute('data-human-verdict'), { timeout: 10_000 }).toBe('absent')
    const human = view().locator(`[data-testid="label-row"][data-label-code="${code}"][data-negative="true"]`)
    await expect.poll(() => human.getAttribute('data-edited'), { timeout: 10_000 }).toBe('true')
    await closeView()

    await expect.poll(() => humanNegatives(code), { timeout: 20_000 }).toBe(before + 1)
    await page.getByTestId('page-browse').click()
  })

  it('rejects a class on three ctrl-clicked grid tiles in one batch', async () => {
    const picked = order.slice(12, 15)
    const classes = await api.call('catalog.listClasses', { query: '', limit: 50 })
    // A class none of the three has a human label of.
    const human = new Set<string>()
    for (const imageId of picked) for (const label of (await detail(imageId)).labels) if (label.source !== 'machine' && label.source !== 'tuning') human.add(label.code)
    const target = classes.items.find((item) => !human.has(item.code))!
    expect(target).toBeDefined()

    await page.getByTestId('image-tile').first().waitFor({ timeout: 20_000 })
    for (const imageId of picked) {
      await tile(imageId).scrollIntoViewIfNeeded()
      await tile(imageId).click({ modifiers: ['Control'] })
    }
    await expect.poll(() => page.getByTestId('batch-bar').getAttribute('data-count')).toBe('3')
    for (const imageId of picked) expect(await tile(imageId).getAttribute('aria-selected')).toBe('true')
    // Ctrl-click selects: no image view opened.
    expect(await view().isVisible()).toBe(false)

    await pickClass(page.getByTestId('batch-class'), target.name, target.code)
    await page.getByTestId('batch-reject').click()
    for (const imageId of picked) await expect.poll(() => humanVerdict(imageId, target.code), { timeout: 10_000 }).toBe('absent')
    for (const imageId of picked) {
      const { items } = await api.call('annotate.history', { imageId })
      expect(items.filter((edit) => edit.kind === 'label' && edit.classCode === target.code && edit.after && 'verdict' in edit.after && edit.after.verdict === 'absent')).toHaveLength(1)
    }
    await expect.poll(() => page.getByTestId('edit-notice').getAttribute('data-severity'), { timeout: 5_000 }).toBe('success')

    await page.getByTestId('batch-clear').click()
    await expect.poll(() => page.getByTestId('batch-bar').count()).toBe(0)
    // Shift-click selects the range from the last Ctrl-clicked tile; Ctrl+A every image loaded.
    await tile(order[1]!).click({ modifiers: ['Control'] })
    await tile(order[4]!).click({ modifiers: ['Shift'] })
    await expect.poll(() => page.getByTestId('batch-bar').getAttribute('data-count')).toBe('4')
    for (const imageId of order.slice(1, 5)) expect(await tile(imageId).getAttribute('aria-selected')).toBe('true')
    await page.getByTestId('image-grid').focus()
    await page.keyboard.press('Control+a')
    const mounted = await page.getByTestId('image-tile').count()
    await expect.poll(async () => Number(await page.getByTestId('batch-bar').getAttribute('data-count'))).toBeGreaterThanOrEqual(Math.max(mounted, 200))
    await page.getByTestId('batch-clear').click()
    // A plain click still opens the image view.
    await openTile(picked[0]!)
    await closeView()
  })

  it('shows a failed edit in a notice with the server’s reason, and changes nothing', async () => {
    const imageId = order[5]!
    const target = (await api.call('catalog.listClasses', { query: '', limit: 5 })).items[0]!
    const before = await humanVerdict(imageId, target.code)
    const failure = { ok: false, error: { code: 'bad-input', message: `class ${target.code} is not in the catalog`, where: 'edits.0.classCode' } }
    await page.route('**/api/annotate.setLabels', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(failure) }))
    try {
      await tile(imageId).click({ modifiers: ['Control'] })
      await pickClass(page.getByTestId('batch-class'), target.name, target.code)
      await page.getByTestId('batch-verify').click()
      const notice = page.getByTestId('edit-notice')
      await expect.poll(() => notice.getAttribute('data-severity'), { timeout: 5_000 }).toBe('error')
      expect(await notice.getAttribute('data-error-code')).toBe('bad-input')
      expect(await notice.textContent()).toContain(`class ${target.code} is not in the catalog (edits.0.classCode)`)
    } finally {
      await page.unroute('**/api/annotate.setLabels')
    }
    expect(await humanVerdict(imageId, target.code)).toBe(before)
    await page.getByTestId('batch-clear').click()
    expect(pageErrors).toEqual([])
  })

  it('lists every edit in the Edits tab, newest first, and opens an edit’s image', async () => {
    await page.getByTestId('page-edits').click()
    const rows = page.getByTestId('edits-page').getByTestId('edit-row')
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(15)
    const ids = await rows.evaluateAll((elements) => elements.map((element) => Number(element.getAttribute('data-edit-id'))))
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    const newest = rows.first()
    const imageId = await newest.getAttribute('data-image-id')
    // Export from the app: the same files as the CLI, with the edits merged (the batch's rejections among them).
    await page.getByTestId('export-openimages').click()
    const result = page.getByTestId('export-openimages-result')
    await result.waitFor({ timeout: 20_000 })
    expect(await result.textContent()).toMatch(/Wrote [\d,]+ human labels and [\d,]+ boxes \([\d,]+ edits merged\) to .*exports\/openimages/)
    const labels = readFileSync(join(home.dir, 'demo-workspace', 'exports', 'openimages', 'train_human_labels.csv'), 'utf8').trim().split('\n')
    expect(labels[0]).toBe('ImageID,Source,LabelName,Confidence')
    const merged = (await detail(imageId!)).labels.filter((l) => l.source === 'verification' || l.source === 'crowdsource-verification')
    expect(labels.filter((line) => line.startsWith(`${imageId},`)).sort()).toEqual(merged.map((l) => `${imageId},${l.source},${l.code},${l.confidence}`).sort())
    await newest.getByTestId('edit-open-image').click()
    await expect.poll(() => view().getAttribute('data-image-id'), { timeout: 10_000 }).toBe(imageId)
    await closeView()
    expect(pageErrors).toEqual([])
  })
})
