import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateChallengeSet, type ChallengeSetManifest } from '../../src/main/services/demo/challenge-set'
import { tempDir } from '../helpers/temp-dir'
import { launchChromium } from './helpers/browser'
import { startHeadlessApp, type RunningApp } from './helpers/headless-app'

const cli = join(__dirname, '..', '..', 'out', 'main', 'cli.js')

/**
 * Train → Kaggle submission in Chromium on a workspace indexed from a generated challenge-shaped folder: one
 * click runs the pipeline in a child process of the server; the page shows each step, the report and the file.
 */
describe('the Kaggle submission action in Chromium', () => {
  const home = tempDir('oiw-kaggle-page-')
  const env = { ...process.env, OIW_HOME: home.dir, OIW_WASM_THREADS: '1' }
  const dataset = join(home.dir, 'challenge')
  const workspace = join(home.dir, 'workspace')
  let set: ChallengeSetManifest
  let app: RunningApp
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let page: Page

  beforeAll(async () => {
    set = await generateChallengeSet(dataset, join(home.dir, 'solution'), { trainImages: 300, stage1TestImages: 30, tuningImages: 40, stage2Images: 50, classes: 12, seed: 5, imageSize: 96 })
    const indexed = spawnSync(process.execPath, [cli, 'index', dataset, '--workspace', workspace], { env, encoding: 'utf8' })
    expect(indexed.status, indexed.stderr).toBe(0)
    app = await startHeadlessApp({ home: home.dir, workspace, env: { OIW_WASM_THREADS: '1' } })
    browser = await launchChromium()
    page = await browser.context.newPage()
    await page.setViewportSize({ width: 1440, height: 900 })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await app?.stop()
    home.remove()
  })

  it('makes a submission in one click, showing each step, the report and the CSV', async () => {
    await page.goto(`${app.pageUrl}&page=train`)
    await page.getByTestId('train-tab-kaggle').click()
    const panel = page.getByTestId('kaggle-panel')
    // both sample submissions were indexed; pick stage 2
    await page.getByTestId('kaggle-sample').locator('[role="combobox"]').click()
    await page.locator('li[role="option"]', { hasText: 'stage_2_sample_submission.csv' }).click()
    await page.getByTestId('kaggle-budget-minutes').fill('1')
    await page.getByTestId('kaggle-start').click()
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 10_000 }).toBe('running')
    // the steps appear, the index step is skipped (the app uses the catalog as indexed)
    await expect.poll(() => page.getByTestId('kaggle-step').count(), { timeout: 20_000 }).toBe(4)
    await expect.poll(() => page.locator('[data-testid="kaggle-step"][data-step="index"]').getAttribute('data-state')).toBe('skipped')
    await expect.poll(() => page.locator('[data-testid="kaggle-step"][data-step="train"]').getAttribute('data-state'), { timeout: 30_000 }).toBe('running')
    // the live view follows the pipeline's training run
    await page.getByTestId('train-tab-live').click()
    await expect.poll(() => page.getByTestId('live-view').getAttribute('data-run-id'), { timeout: 30_000 }).toBeTruthy()
    await page.getByTestId('train-tab-kaggle').click()
    // ended: finished, or failed with the reason the panel shows
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 110_000, interval: 1000 }).toMatch(/^(finished|failed|cancelled)$/)
    expect(await panel.getAttribute('data-state'), await panel.innerText()).toBe('finished')
    const states = await page.getByTestId('kaggle-step').evaluateAll((steps) => steps.map((s) => s.getAttribute('data-state')))
    expect(states).toEqual(['skipped', 'done', 'done', 'done'])
    const report = page.getByTestId('kaggle-report')
    expect(Number(await report.getAttribute('data-rows'))).toBe(set.images.stage2)
    const file = (await report.getAttribute('data-file'))!
    expect(file).toBe(join(workspace, 'exports', 'kaggle-stage_2_sample_submission.csv'))
    expect(existsSync(file)).toBe(true)
    expect(await report.innerText()).toContain(file)
    // the defaults against the shift, fine-tuning on the tuning labels among them
    expect(await page.getByTestId('kaggle-adaptation').innerText()).toContain('fine-tuned on the tuning labels (5 folds')
    expect(await page.locator('[data-testid="kaggle-step"][data-step="predict"]').innerText()).toMatch(/fine-tuned in 5 folds × [\d–]+ epochs/)
    const validation = spawnSync(process.execPath, [cli, 'validate-submission', file, '--sample', join(dataset, 'stage_2_sample_submission.csv')], { env, encoding: 'utf8' })
    expect(validation.status, validation.stdout).toBe(0)
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(set.images.stage2 + 1)
    // within its budget
    const used = await page.getByTestId('kaggle-budget').innerText()
    const percent = Number(/\(([\d.]+) %\)/.exec(used)![1])
    expect(percent).toBeLessThanOrEqual(100)
  }, 180_000)
})
