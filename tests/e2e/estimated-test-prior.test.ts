import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'
import { readTuning } from '../main/services/evaluation/noisy-scores'
import { writeShiftedScores, type ShiftedScores } from '../main/services/explore/shifted-scores'
import { startDemoSession, type DemoSession } from './helpers/demo-session'

/** Explore → Shift against a prediction set that scores test images: the estimated test prior beside training's share. */
describe('the shift view shows the estimated test prior in Chromium', () => {
  const home = tempDir('oiw-estimated-test-prior-')
  let session: DemoSession
  let drawn: ShiftedScores

  beforeAll(async () => {
    session = await startDemoSession(home.dir)
    await session.page.setViewportSize({ width: 1440, height: 900 })
    drawn = writeShiftedScores(home.dir, readTuning(), 300)
    const oiw = join(__dirname, '..', '..', 'bin', 'oiw.js')
    const indexed = spawnSync(process.execPath, [oiw, 'index', '--workspace', join(home.dir, 'demo-workspace'), drawn.sample, '--scores', ...drawn.scores], { encoding: 'utf8' })
    expect(indexed.status, indexed.stderr).toBe(0)
  })
  afterAll(async () => {
    await session?.close()
    home.remove()
  })

  it('adds the estimated column and headline for a set with test images, the reason for one without', async () => {
    const page = session.page
    await page.goto(`${session.app.pageUrl}&page=explore`)
    await page.getByTestId('explore-tab-shift').click()
    const against = page.getByTestId('shift-against').locator('input')
    await against.fill('shifted')
    const headline = page.locator('[data-testid="estimated-test-prior"][data-estimated="true"]')
    await headline.waitFor({ timeout: 30_000 })
    expect(await headline.innerText()).toMatch(/\d\.\d\d labels \/ image, test \(estimated\)\s+300 test images estimated on/)
    expect(await page.getByTestId('estimated-test-prior-caveat').innerText()).toMatch(/calibrated on the [\d,]+ tuning images’? ?.*labels.*run high/s)
    expect(await page.getByTestId('shift-estimated-test-column').innerText()).toBe('test (estimated)')
    const boosted = page.locator(`[data-testid="shift-table"] [data-class-code="${drawn.boosted}"] [data-col="estimatedTest"]`)
    expect(Math.abs(Number(await boosted.getAttribute('data-value')) - drawn.testShare.get(drawn.boosted)!)).toBeLessThan(0.12)

    await against.fill('tuning-only')
    const reason = page.locator('[data-testid="estimated-test-prior"][data-estimated="false"]')
    await reason.waitFor({ timeout: 30_000 })
    expect(await reason.innerText()).toMatch(/^No estimated test prior: prediction set tuning-only scores no test image besides the tuning ones/)
    expect(await page.getByTestId('shift-estimated-test-column').count()).toBe(0)
  })
})
