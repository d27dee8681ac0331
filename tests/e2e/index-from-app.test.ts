import { mkdirSync, writeFileSync } from 'node:fs'
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
    mkdirSync(join(home.dir, 'datasets', 'another'))
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
})
