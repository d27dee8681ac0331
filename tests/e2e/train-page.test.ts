import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BackendChoice, PredictJob, RunDetail, RunSummary } from '../../src/shared/api/training'
import { tempDir } from '../helpers/temp-dir'
import { startDemoSession, type DemoSession } from './helpers/demo-session'

/**
 * The Train tab on the demo workspace, in Chromium against the headless app: a tiny labels-only run started
 * from the form, its loss curve growing live, stopped, then found in the runs list with its metrics.
 */
describe('the train page in Chromium, on the demo workspace', () => {
  const home = tempDir('oiw-train-page-')
  let session: DemoSession
  let page: Page
  let runId = 0

  /** The trainer's process id, as the catalog records it for a run being trained. */
  const trainerPid = (id: number): number | null => {
    const db = new Database(join(home.dir, 'demo-workspace', 'catalog.sqlite'), { readonly: true })
    try {
      return (db.prepare("SELECT pid FROM training_runs WHERE id = ? AND status = 'running'").pluck().get(id) as number | undefined) ?? null
    } finally {
      db.close()
    }
  }

  const api = async <T>(method: string, args: object): Promise<T> => {
    const res = await fetch(`${session.app.url}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.app.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(args),
    })
    const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } }
    if (!body.ok) throw new Error(`${method}: ${body.error?.message}`)
    return body.value
  }
  /** Picks an option of an MUI select (a TextField with `select`) by its value. */
  const choose = async (testId: string, value: string) => {
    await page.getByTestId(testId).locator('[role="combobox"]').click()
    await page.locator(`li[role="option"][data-value="${value}"]`).click()
  }
  const drawnPoints = (testId: string) =>
    page
      .getByTestId(testId)
      .locator('[data-drawn-points]')
      .getAttribute('data-drawn-points', { timeout: 1000 })
      .then(Number)
      .catch(() => 0)

  beforeAll(async () => {
    session = await startDemoSession(home.dir)
    page = session.page
    await page.setViewportSize({ width: 1440, height: 900 })
  })
  afterAll(async () => {
    await session?.close()
    home.remove()
  })

  it('says which backend will run and why, as the server decided', async () => {
    await page.goto(`${session.app.pageUrl}&page=train`)
    await page.getByTestId('train-page').waitFor()
    const line = page.getByTestId('backend-line')
    await expect.poll(() => line.getAttribute('data-backend'), { timeout: 30_000 }).toBeTruthy()
    const choice = await api<BackendChoice>('training.checkBackend', {})
    expect(await line.getAttribute('data-backend')).toBe(choice.name)
    const text = await page.getByTestId('backend-choice').innerText()
    expect(text).toContain(`Backend: ${choice.name}`)
    expect(choice.reason.length).toBeGreaterThan(0)
    expect(text).toContain(choice.reason)
    for (const skipped of choice.skipped) expect(await page.getByTestId('backend-skipped').innerText()).toContain(`${skipped.name} not used: ${skipped.reason}`)
    // the Train tab is in the URL, so a reload stays here
    expect(new URL(page.url()).searchParams.get('page')).toBe('train')
  })

  it('starts a tiny run in one click, draws its loss as it trains, stops it, and lists it stopped with its metrics', async () => {
    // a small net, the labels stage only, many epochs so it is still going when stopped
    await choose('model-arch', 'small')
    await page.getByTestId('model-width').fill('8')
    await page.getByTestId('run-name').fill('e2e tiny')
    await page.getByTestId('time-budget').fill('300')
    expect(await page.getByTestId('stage-boxes').getAttribute('data-on')).toBe('false')
    expect(await page.getByTestId('stage-labels').getAttribute('data-on')).toBe('true')
    await page.getByTestId('stage-labels-summary').click()
    await page.getByTestId('stage-labels-epochs').fill('500')
    await page.getByTestId('stage-labels-batch-size').fill('8')
    await page.getByTestId('stage-labels-input-sizes').fill('32')
    await page.getByTestId('start-run').click()

    const live = page.getByTestId('live-view')
    await expect.poll(() => live.getAttribute('data-run-id'), { timeout: 10_000 }).toBeTruthy()
    runId = Number(await live.getAttribute('data-run-id'))
    const started = (await api<RunSummary[]>('training.listRuns', {})).find((run) => run.id === runId)!
    expect(started).toMatchObject({ name: 'e2e tiny', stages: ['labels'], live: true })
    expect(started.config.model).toMatchObject({ arch: 'small', width: 8 })
    expect(started.config.stages[0]).toMatchObject({ epochs: 500, batchSize: 8, inputSizes: [32] })

    // the loss chart gets points as reports arrive, without a reload
    await expect.poll(() => drawnPoints('live-loss-chart'), { timeout: 30_000 }).toBeGreaterThanOrEqual(3)
    const before = await drawnPoints('live-loss-chart')
    await expect.poll(() => drawnPoints('live-loss-chart'), { timeout: 10_000 }).toBeGreaterThan(before)
    const progress = page.getByTestId('run-progress')
    expect(Number(await progress.getAttribute('data-global-step'))).toBeGreaterThan(0)
    expect(await progress.innerText()).toMatch(/1 of 1\s*stage \(labels\)/)
    // the 300 s budget is filled: its epochs are planned from the measured speed, not the 500 set, and the plan is shown
    const plan = page.getByTestId('run-plan')
    await expect.poll(() => plan.getAttribute('data-revision'), { timeout: 20_000 }).toBeTruthy()
    const plannedEpochs = Number(await plan.getByTestId('run-plan-stage').getAttribute('data-epochs'))
    expect(plannedEpochs).toBeGreaterThan(0)
    expect(plannedEpochs).not.toBe(500)
    expect(await plan.getByTestId('run-plan-summary').innerText()).toMatch(/for a budget of 5 min 00 s/)
    await expect.poll(async () => Number(/of (\d+)\s*epoch/.exec(await progress.innerText())?.[1]), { timeout: 20_000 }).toBe(Number(await plan.getByTestId('run-plan-stage').getAttribute('data-epochs')))
    // one finished epoch: its validation point is drawn (F2 and the baseline)
    await expect.poll(() => drawnPoints('live-validation-chart'), { timeout: 40_000 }).toBeGreaterThanOrEqual(2)

    // paused after its current step, then going again
    await page.getByTestId('pause-run').click()
    await expect.poll(() => live.getAttribute('data-state'), { timeout: 10_000 }).toBe('paused')
    await expect.poll(async () => (await api<RunSummary[]>('training.listRuns', {})).find((run) => run.id === runId)?.status, { timeout: 5000 }).toBe('paused')
    await page.getByTestId('resume-run').click()
    await expect.poll(() => live.getAttribute('data-state'), { timeout: 10_000 }).toBe('running')

    await page.getByTestId('stop-run').click()
    await expect.poll(() => live.getAttribute('data-status'), { timeout: 20_000 }).toBe('stopped')

    await page.getByTestId('train-tab-runs').click()
    const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`)
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('stopped')
    const detail = await api<RunDetail>('training.getRun', { runId })
    expect(detail.run.status).toBe('stopped')
    expect(detail.epochs.length).toBeGreaterThan(0)
    expect(Number(await row.getAttribute('data-best-metric'))).toBeCloseTo(detail.run.bestMetric!, 6)
    expect(await row.getByTestId('run-best').innerText()).toContain(`F2 ${detail.run.bestMetric!.toFixed(3)}`)
    // Resume shows once the trainer process has exited, just after it said it stopped
    await expect.poll(() => row.getByTestId('resume-run-row').isVisible(), { timeout: 10_000 }).toBe(true)

    // its detail: the epochs as recorded; predict with its best checkpoint from the app
    await row.locator('td').nth(1).click()
    const dialog = page.getByTestId('run-detail')
    await expect.poll(() => dialog.locator('[data-testid="epoch-row"]').count(), { timeout: 10_000 }).toBe(detail.epochs.length)
    const workspace = await api<{ location: string }>('workspace.getInfo', {})
    expect(await page.getByTestId('predict-command').innerText()).toContain(`oiw predict --workspace ${workspace.location} --run ${runId} --images tuning --tta`)
    const predict = page.getByTestId('predict-panel')
    await predict.getByRole('combobox').click()
    await page.getByRole('option', { name: "the run's validation images" }).click()
    await page.getByTestId('predict-start').click()
    await expect.poll(() => predict.getAttribute('data-state'), { timeout: 60_000 }).toBe('finished')
    const job = await api<PredictJob>('training.getPredictJob', {})
    expect(job.report).toMatchObject({ name: `run${runId}-validation-tta`, imageSet: 'validation' })
    expect(job.report!.f2).toBeGreaterThan(0)
    expect(await page.getByTestId('predict-report').innerText()).toContain(`F2 ${job.report!.f2!.toFixed(4)}`)
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.isVisible(), { timeout: 5000 }).toBe(false)

    // ticked for comparison: its validation curve is overlaid
    await row.getByTestId('compare-run').check()
    await expect.poll(() => drawnPoints('compare-validation-chart'), { timeout: 10_000 }).toBeGreaterThanOrEqual(detail.epochs.length)
  })

  it('resumes the stopped run, shows a killed trainer as an interrupted run with its error, and resumes it again', async () => {
    const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`)
    const stoppedAt = (await api<RunDetail>('training.getRun', { runId })).steps.at(-1)!.globalStep
    await row.getByTestId('resume-run-row').click()
    const live = page.getByTestId('live-view')
    await expect.poll(() => live.getAttribute('data-state'), { timeout: 10_000 }).toBe('running')
    expect(Number(await live.getAttribute('data-run-id'))).toBe(runId)
    const progress = page.getByTestId('run-progress')
    await expect.poll(() => progress.getAttribute('data-global-step').then(Number), { timeout: 20_000 }).toBeGreaterThan(stoppedAt)

    // the trainer dies (kill -9): the run ends with its error, the app keeps working
    const pid = trainerPid(runId)
    expect(pid).toBeGreaterThan(0)
    process.kill(pid!, 'SIGKILL')
    await expect.poll(() => live.getAttribute('data-status'), { timeout: 15_000 }).toBe('interrupted')
    expect(await page.getByTestId('live-error').innerText()).toMatch(/killed/)
    await page.getByTestId('train-tab-runs').click()
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('interrupted')
    await row.locator('td').nth(1).click()
    const dialog = page.getByTestId('run-detail')
    await expect.poll(() => dialog.getAttribute('data-status'), { timeout: 10_000 }).toBe('interrupted')
    expect(await page.getByTestId('run-detail-error').innerText({ timeout: 5000 })).toMatch(/killed/)
    await expect.poll(() => page.getByTestId('detail-resume').isVisible(), { timeout: 10_000 }).toBe(true)
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.isVisible(), { timeout: 5000 }).toBe(false)

    // and it resumes from its last checkpoint
    await row.getByTestId('resume-run-row').click()
    await expect.poll(() => live.getAttribute('data-state'), { timeout: 10_000 }).toBe('running')
    await expect.poll(() => progress.getAttribute('data-global-step').then(Number), { timeout: 20_000 }).toBeGreaterThan(stoppedAt)
    await page.getByTestId('stop-run').click()
    await expect.poll(() => live.getAttribute('data-status'), { timeout: 20_000 }).toBe('stopped')
    // the trainer process exits just after saying it stopped
    const record = async () => (await api<RunSummary[]>('training.listRuns', {})).find((run) => run.id === runId)
    await expect.poll(record, { timeout: 10_000 }).toMatchObject({ status: 'stopped', live: false })
  })
  it("studies the run's validation predictions on the Errors tab, against their human labels", async () => {
    await page.goto(`${session.app.pageUrl}&page=errors`)
    const name = `run${runId}-validation-tta`
    await page.getByTestId('set-picker').locator('[role="combobox"]').click()
    await page.locator(`li[role="option"][data-value="${name}"]`).click()
    const errors = page.getByTestId('errors-page')
    await expect.poll(() => errors.getAttribute('data-set'), { timeout: 10_000 }).toBe(name)
    // it scores no tuning image, so the page analyses it against the human labels of the images it scores
    expect(await page.getByTestId('truth-picker').locator('input').inputValue()).toBe('human')
    const summary = page.getByTestId('analysis-summary')
    await expect.poll(() => summary.isVisible(), { timeout: 30_000 }).toBe(true)
    expect(await summary.innerText()).toMatch(/human-labelled images/)
    const analysis = await api<{ images: number; meanF2: number }>('evaluation.analyze', { set: name, truth: 'human' })
    expect(analysis.images).toBeGreaterThan(0)
    expect(Number(await summary.getAttribute('data-mean-f2'))).toBeCloseTo(analysis.meanF2, 6)
    await expect.poll(() => page.getByTestId('error-image-tile').count(), { timeout: 10_000 }).toBeGreaterThan(0)
  })
})
