import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertPredictionSet, knownErrors, type KnownErrors } from '../main/services/evaluation/known-errors'
import { readTuning } from '../main/services/evaluation/noisy-scores'
import { tempDir } from '../helpers/temp-dir'
import { startDemoSession, type DemoSession } from './helpers/demo-session'

/**
 * The Errors tab on the demo workspace, in Chromium against the headless app, with a prediction set whose
 * mistakes are known: Tortoise predicted and Person missed on two tuning images, everything else right.
 */
describe('the errors page in Chromium, on a set with known mistakes', () => {
  const home = tempDir('oiw-errors-page-')
  let session: DemoSession
  let page: Page
  let known: KnownErrors

  beforeAll(async () => {
    session = await startDemoSession(home.dir)
    page = session.page
    await page.setViewportSize({ width: 1440, height: 900 })
    known = knownErrors(readTuning())
    const db = new Database(join(home.dir, 'demo-workspace', 'catalog.sqlite'))
    try {
      insertPredictionSet(db, 'known', known.rows)
    } finally {
      db.close()
    }
  })
  afterAll(async () => {
    await session?.close()
    home.remove()
  })

  it('shows the worst image with its known FP and FN chips, filters a class’s FNs, and names the confused pair', async () => {
    await page.goto(session.app.pageUrl)
    await page.getByTestId('page-errors').click()
    await page.getByTestId('errors-page').waitFor()
    expect(new URL(page.url()).searchParams.get('page')).toBe('errors')

    await page.getByTestId('set-picker').locator('[role="combobox"]').click()
    await page.locator('li[role="option"][data-value="known"]').click()
    const summary = page.getByTestId('analysis-summary')
    await summary.waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('mean-f2').innerText()).toBe('F2 0.998')
    expect(await page.getByTestId('policy').innerText()).toMatch(/^global threshold 0\.\d{3} \(per-class ones do not cross-validate better\)/)

    // worst first: the image with F2 0, then the one that also lost Person
    const tiles = page.getByTestId('error-image-tile')
    await expect.poll(() => tiles.first().getAttribute('data-image-id'), { timeout: 10_000 }).toBe(known.worst)
    expect(await tiles.nth(1).getAttribute('data-image-id')).toBe(known.second)
    expect(await tiles.first().innerText()).toMatch(/F2 0\.000\s*0 TP\s*1 FP\s*1 FN/)

    await tiles.first().click()
    const view = page.getByTestId('error-image-view')
    await expect.poll(() => view.getAttribute('data-f2'), { timeout: 10_000 }).toBe('0')
    const chip = (outcome: string) => view.locator(`[data-testid="outcome-chip"][data-outcome="${outcome}"]`)
    await expect.poll(() => chip('fp').count()).toBe(1)
    expect(await chip('fp').getAttribute('data-label-code')).toBe(known.fp.code)
    expect(await chip('fp').innerText()).toBe('Tortoise 0.95')
    expect(await chip('fp').getAttribute('class')).toMatch(/colorError/)
    expect(await chip('fn').getAttribute('data-label-code')).toBe(known.fn.code)
    expect(await chip('fn').innerText()).toBe('Person')
    expect(await chip('fn').getAttribute('class')).toMatch(/colorWarning/)
    expect(await chip('tp').count()).toBe(0)
    // the next image of the list: Person missed, its other labels green
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => view.getAttribute('data-image-id')).toBe(known.second)
    await expect.poll(() => chip('tp').count()).toBe(readTuning().get(known.second)!.length - 1)
    expect(await chip('tp').first().getAttribute('class')).toMatch(/colorSuccess/)
    await page.keyboard.press('Escape')
    await expect.poll(() => view.isVisible()).toBe(false)

    // most false negatives first: Person; its FN count filters the images to the two that missed it
    await page.getByTestId('sort-fn').click()
    const person = page.locator(`[data-testid="class-error-row"][data-code="${known.fn.code}"]`)
    await expect.poll(() => page.locator('[data-testid="class-error-row"]').first().getAttribute('data-code'), { timeout: 10_000 }).toBe(known.fn.code)
    expect(await person.getAttribute('data-fn')).toBe('2')
    await person.getByTestId('class-fn').click()
    const list = page.getByTestId('image-errors')
    await expect.poll(() => list.getAttribute('data-total'), { timeout: 10_000 }).toBe('2')
    expect(await list.getAttribute('data-filter')).toBe(`${known.fn.code}:fn`)
    expect(await page.getByTestId('image-filter').innerText()).toBe('Person: FN')
    expect(await tiles.evaluateAll((els) => els.map((el) => el.getAttribute('data-image-id')))).toEqual([known.worst, known.second])
    // and its true positives: every other Person image
    await page.getByTestId('filter-tp').click()
    await expect.poll(() => list.getAttribute('data-filter')).toBe(`${known.fn.code}:tp`)
    await expect.poll(() => list.getAttribute('data-total').then(Number)).toBeGreaterThan(100)

    await page.getByTestId('errors-tab-confusions').click()
    const pair = page.getByTestId('confusion-row').first()
    await pair.waitFor({ timeout: 10_000 })
    expect(await page.getByTestId('confusions').getAttribute('data-total')).toBe('1')
    expect([await pair.getAttribute('data-predicted'), await pair.getAttribute('data-missed'), await pair.getAttribute('data-images')]).toEqual([known.fp.code, known.fn.code, '2'])
    expect(await pair.innerText()).toMatch(/Tortoise\s+Person\s+2/)
  })

  it('exports a Kaggle CSV of every test image and shows the report', async () => {
    await page.getByTestId('export-kaggle').click()
    const report = page.getByTestId('export-report')
    await report.waitFor({ timeout: 30_000 })
    expect(await report.getAttribute('data-valid')).toBe('true')
    expect(await report.getAttribute('data-applied')).toBe('global')
    expect(await report.getAttribute('data-rows')).toBe('1000')
    expect(await page.getByTestId('export-rows').innerText()).toMatch(/Wrote 1,000 rows \(1 without scores/)
    const path = await page.getByTestId('export-path').innerText()
    expect(path).toBe(join(home.dir, 'demo-workspace', 'exports', 'known.csv'))
    expect(existsSync(path)).toBe(true)
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n')
    expect(lines.length).toBe(1001)
    expect(lines).toContain(`${known.worst},${known.fp.code}`)
    await page.getByRole('button', { name: 'Close' }).click()
    await expect.poll(() => report.isVisible()).toBe(false)
  })
})
