import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'
import { launchChromium } from './helpers/browser'
import { startHeadlessApp, type RunningApp } from './helpers/headless-app'

const images = 20
const classes = 10
/** One row per (image, class): every good row is a distinct human label. */
const goodRows = images * classes
const imageKey = (i: number) => (0xa0000 + i).toString(16).padStart(16, '0')
const classCode = (c: number) => `/m/0${c}`

function writeDataset(folder: string): void {
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, 'class-descriptions.csv'), Array.from({ length: classes }, (_, c) => `${classCode(c)},Class ${c}\n`).join(''))
  const rows = ['ImageID,Source,LabelName,Confidence']
  for (let i = 0; i < images; i++) for (let c = 0; c < classes; c++) rows.push(`${imageKey(i)},verification,${classCode(c)},${(i + c) % 2}`)
  rows.push(`${imageKey(0)},verification,${classCode(0)},not-a-number`)
  writeFileSync(join(folder, 'train_human_labels.csv'), `${rows.join('\n')}\n`)
}

/** A machine-labels file big enough (seconds to import) that Cancel always lands mid-file. */
async function writeBigDataset(folder: string, rows: number): Promise<void> {
  mkdirSync(folder, { recursive: true })
  const out = createWriteStream(join(folder, 'train_machine_labels.csv'))
  out.write('ImageID,Source,LabelName,Confidence\n')
  for (let i = 0; i < rows; i += 10_000) {
    const lines: string[] = []
    for (let j = i; j < Math.min(rows, i + 10_000); j++) lines.push(`${imageKey(j >> 2)},machine,/m/0${j % 4000},0.${j % 10}`)
    if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((done) => out.once('drain', () => done()))
  }
  await new Promise<void>((done) => out.end(() => done()))
}

/** Presses ↓ until the focused folder row is `name` (the list keeps the keyboard in itself). */
async function arrowTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-folder-name') ?? null)
    if (focused === name) return
    await page.keyboard.press('ArrowDown')
  }
  throw new Error(`no folder row named ${name} got the focus`)
}

/**
 * Indexing from the app, as a user does it: a fresh empty workspace, the folder browser starting at
 * the (temporary) home folder, keyboard navigation to the dataset, then progress and the report.
 */
describe('indexing a dataset from the app, in Chromium', () => {
  const home = tempDir('oiw-index-home-')
  const dataset = join(home.dir, 'datasets', 'sample')
  let app: RunningApp
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let page: Page

  beforeAll(async () => {
    writeDataset(dataset)
    await writeBigDataset(join(home.dir, 'datasets', 'big'), 2_000_000)
    app = await startHeadlessApp({ home: join(home.dir, 'oiw-home'), workspace: join(home.dir, 'workspace'), env: { HOME: home.dir } })
    browser = await launchChromium()
    page = await browser.context.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await app?.stop()
    home.remove()
  })

  it('starts on an empty catalog', async () => {
    await page.goto(app.pageUrl)
    const humanLabels = page.getByTestId('catalog-summary').locator('[data-count-kind="humanLabels"]')
    await expect.poll(() => humanLabels.textContent(), { timeout: 20_000 }).toMatch(/^0 human labels$/)
  })

  it('walks the folder list with the keyboard to the dataset folder', async () => {
    await page.getByTestId('open-index-dialog').click()
    const dialog = page.getByTestId('index-dialog')
    await expect.poll(() => dialog.getByTestId('current-folder').textContent(), { timeout: 10_000 }).toBe(home.dir)

    await dialog.locator('[data-folder-name][tabindex="0"]').focus()
    await arrowTo(page, 'datasets')
    await page.keyboard.press('Enter')
    await expect.poll(() => dialog.getByTestId('current-folder').textContent()).toBe(join(home.dir, 'datasets'))
    const sampleRow = dialog.locator('[data-folder-name="sample"]')
    expect(await sampleRow.getAttribute('data-dataset-files')).toBe('2')
    expect(await sampleRow.textContent()).toContain('2 dataset files')

    await arrowTo(page, 'sample')
    await page.keyboard.press('Enter')
    await expect.poll(() => dialog.getByTestId('current-folder').textContent()).toBe(dataset)
    expect(await dialog.getByTestId('current-folder-files').getAttribute('data-count')).toBe('2')

    // Backspace goes up, with the cursor back on the folder just left; Enter opens it again.
    await page.keyboard.press('Backspace')
    await expect.poll(() => dialog.getByTestId('current-folder').textContent()).toBe(join(home.dir, 'datasets'))
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-folder-name'))).toBe('sample')
    await page.keyboard.press('Enter')
    await expect.poll(() => dialog.getByTestId('current-folder').textContent()).toBe(dataset)
  })

  it('indexes it, shows the report, and refreshes the catalog counts', async () => {
    const dialog = page.getByTestId('index-dialog')
    await dialog.getByTestId('start-index').click()
    const report = dialog.getByTestId('index-report')
    await report.waitFor({ timeout: 30_000 })

    const human = report.locator('[data-file="train_human_labels.csv"]')
    expect(await human.getAttribute('data-rows')).toBe(String(goodRows))
    expect(await human.getAttribute('data-skipped')).toBe('1')
    expect(await report.locator('[data-skipped-kind="bad-number"]').getAttribute('data-count')).toBe('1')
    expect(await report.locator('[data-total-kind="classesKnown"]').textContent()).toMatch(new RegExp(`^${classes} classes known$`))

    await report.getByTestId('index-problems-toggle').click()
    await expect.poll(() => report.getByTestId('index-problems').textContent()).toMatch(/train_human_labels\.csv:\d+: .*not-a-number/)

    const humanLabels = page.getByTestId('catalog-summary').locator('[data-count-kind="humanLabels"]')
    await expect.poll(() => humanLabels.textContent(), { timeout: 10_000 }).toBe(`${goodRows} human labels`)
    expect(await page.getByTestId('index-running').count()).toBe(0)
  })

  it('shows a running indicator in the top bar, and cancels a run part-way', async () => {
    const dialog = page.getByTestId('index-dialog')
    await dialog.getByRole('button', { name: 'Index another folder' }).click()
    await dialog.getByRole('button', { name: 'Up to the parent folder' }).click()
    await dialog.locator('[data-folder-name="big"]').click()
    await expect.poll(() => dialog.getByTestId('current-folder').textContent()).toBe(join(home.dir, 'datasets', 'big'))
    await dialog.getByTestId('start-index').click()
    await expect.poll(() => dialog.getByTestId('index-file').textContent(), { timeout: 10_000 }).toMatch(/train_machine_labels\.csv/)

    // Hidden while it runs, the run stays in the top bar; a click there brings the dialog back.
    await dialog.getByRole('button', { name: 'Hide' }).click()
    await expect.poll(() => dialog.isVisible()).toBe(false)
    await page.getByTestId('index-running').click()
    await page.getByTestId('cancel-index').click()

    await expect.poll(() => dialog.getByTestId('index-progress').getAttribute('data-state'), { timeout: 20_000 }).toBe('cancelled')
    expect(await dialog.getByTestId('index-cancelled').textContent()).toMatch(/rolled back/)
    await expect.poll(() => page.getByTestId('index-running').count()).toBe(0)
    const summary = page.getByTestId('catalog-summary')
    await expect.poll(() => summary.locator('[data-count-kind="machineLabels"]').textContent()).toBe('0 machine labels')
    expect(await summary.locator('[data-count-kind="humanLabels"]').textContent()).toBe(`${goodRows} human labels`)
  })
})
