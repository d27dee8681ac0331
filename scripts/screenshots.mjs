#!/usr/bin/env node
// `npm run screenshots`: serves the demo workspace (in a throwaway OIW_HOME) and saves the README's
// screenshots of the grid, the image view, annotating, a batch edit, a training run, the Errors tab and the Kaggle
// submission action (on a generated challenge-shaped folder) to docs/, using Debian's Chromium.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const home = mkdtempSync(join(tmpdir(), 'oiw-shots-'))
const server = spawn(process.execPath, [join(root, 'bin', 'oiw.js'), 'serve'], { env: { ...process.env, OIW_HOME: home }, stdio: ['ignore', 'pipe', 'inherit'] })
const pageUrl = await new Promise((done) =>
  createInterface({ input: server.stdout }).on('line', (line) => line.startsWith('oiw listening on ') && done(line.slice(17))),
)
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  await page.goto(pageUrl)
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="image-tile"] img')].slice(0, 24).every((img) => img.complete && img.naturalWidth > 0))
  await page.screenshot({ path: join(root, 'docs', 'grid.png') })
  await page.getByTestId('image-tile').nth(process.argv[2] ? Number(process.argv[2]) : 3).click()
  const view = page.getByTestId('image-view')
  await view.locator('[data-box-class]').first().waitFor()
  const box = await view.locator('[data-box-class]').first().boundingBox()
  if (box) {
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.wheel(0, -100)
  }
  await page.waitForTimeout(400)
  await page.screenshot({ path: join(root, 'docs', 'image-view.png') })

  // annotate: a machine label rejected, a box drawn and selected (its handles and panel), the image's history open
  await page.keyboard.press('0')
  await view.getByTestId('label-reject').first().click()
  const shown = await view.locator('img[alt^="Image "]').boundingBox()
  await view.getByTestId('draw-mode').click()
  await view.locator('[data-testid="image-stage"][data-draw-mode="true"]').waitFor()
  await page.mouse.move(shown.x + shown.width * 0.55, shown.y + shown.height * 0.08)
  await page.mouse.down()
  await page.mouse.move(shown.x + shown.width * 0.9, shown.y + shown.height * 0.42, { steps: 8 })
  await page.mouse.up()
  const draft = view.getByTestId('draft-box')
  await draft.getByTestId('draft-box-class').locator('input').fill('Person')
  await page.locator('li[data-class-code="/m/01g317"]').click()
  await draft.getByTestId('draft-box-create').click()
  await view.getByTestId('box-details').waitFor()
  const drawnId = await view.getByTestId('box-details').getAttribute('data-box-id')
  await view.getByTestId('draw-mode').click()
  await view.locator(`[data-row-box-id="${drawnId}"]`).click()
  await page.keyboard.press('0')
  await view.getByTestId('box-editor').waitFor({ timeout: 5000 }).catch(async (error) => {
    await page.screenshot({ path: '/tmp/oiw-screenshot-failed.png' })
    throw new Error(`${error.message} (page saved as ${'/tmp/oiw-screenshot-failed.png'})`)
  })
  await view.getByTestId('image-history-toggle').click()
  await view.getByTestId('image-history').getByTestId('edit-row').nth(1).waitFor()
  await view.getByTestId('image-history').scrollIntoViewIfNeeded()
  await page.waitForTimeout(400)
  await page.screenshot({ path: join(root, 'docs', 'annotate.png') })
  for (let i = 0; i < 4 && (await view.isVisible()); i++) {
    await page.keyboard.press('Escape')
    await page.waitForTimeout(150)
  }
  // a batch: three tiles ctrl-clicked, the batch bar showing
  for (const n of [0, 2, 5]) await page.getByTestId('image-tile').nth(n).click({ modifiers: ['Control'] })
  await page.getByTestId('batch-bar').waitFor()
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(root, 'docs', 'batch.png') })

  // a small two-stage run, trained to its end, then its validation images predicted with TTA
  const url = new URL(pageUrl)
  const api = async (method, args) => {
    const res = await fetch(`${url.origin}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${url.searchParams.get('token')}`, 'content-type': 'application/json' },
      body: JSON.stringify(args),
    })
    const body = await res.json()
    if (!body.ok) throw new Error(`${method}: ${body.error.message}`)
    return body.value
  }
  const until = async (check) => {
    while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 500))
  }
  const stage = (kind, epochs, inputSizes) => ({ kind, epochs, batchSize: 16, inputSizes, optimizer: { lr: 0.003 }, ...(kind === 'labels' ? { loss: { bce: 1, softF2: 1 } } : {}) })
  // a 40 s budget, filled: the Train tab shows the plan beside the curves
  const config = { name: 'demo: small net, boxes then labels', model: { arch: 'small', width: 8 }, stages: [stage('boxes', 3, [32, 48]), stage('labels', 8, [48, 64])], timeBudgetSeconds: 40 }
  await page.goto(`${pageUrl}&page=train`)
  const run = await api('training.start', { config })
  await until(async () => !(await api('training.listRuns', {})).find((r) => r.id === run.id).live)
  await page.waitForTimeout(1000)
  await page.screenshot({ path: join(root, 'docs', 'train.png') })
  await api('training.predict', { runId: run.id, images: 'validation', tta: true })
  await until(async () => (await api('training.getPredictJob', {})).state !== 'running')
  await page.goto(`${pageUrl}&page=errors`)
  await page.getByTestId('analysis-summary').waitFor({ timeout: 60_000 })
  await page.getByTestId('error-image-tile').first().waitFor()
  await page.waitForTimeout(1000)
  await page.screenshot({ path: join(root, 'docs', 'errors.png') })
  await kaggleScreenshot(browser)
  console.log('saved docs/grid.png, docs/image-view.png, docs/annotate.png, docs/batch.png, docs/train.png, docs/errors.png and docs/kaggle.png')
} finally {
  await browser.close()
  server.kill()
  rmSync(home, { recursive: true, force: true })
}

/** The Kaggle submission action, finished, on a workspace indexed from a generated challenge-shaped folder. */
async function kaggleScreenshot(browser) {
  const dataset = join(home, 'challenge')
  const workspace = join(home, 'challenge-ws')
  const run = (args) => new Promise((done, fail) => spawn(process.execPath, args, { stdio: 'ignore' }).on('exit', (code) => (code === 0 ? done() : fail(new Error(`${args.join(' ')} exited with ${code}`)))))
  await run([join(root, 'out', 'main', 'challenge-set.js'), '--dir', dataset, '--solution-dir', join(home, 'solution'), '--train', '600', '--test', '100', '--tuning', '80', '--stage2', '150', '--classes', '25'])
  await run([join(root, 'bin', 'oiw.js'), 'index', dataset, '--workspace', workspace])
  const kaggleServer = spawn(process.execPath, [join(root, 'bin', 'oiw.js'), 'serve', workspace], { env: { ...process.env, OIW_HOME: home }, stdio: ['ignore', 'pipe', 'inherit'] })
  try {
    const url = await new Promise((done) => createInterface({ input: kaggleServer.stdout }).on('line', (line) => line.startsWith('oiw listening on ') && done(line.slice(17))))
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(`${url}&page=train`)
    await page.getByTestId('train-tab-kaggle').click()
    await page.getByTestId('kaggle-sample').locator('[role="combobox"]').click()
    await page.locator('li[role="option"]', { hasText: 'stage_2_sample_submission.csv' }).click()
    await page.getByTestId('kaggle-budget-minutes').fill('2')
    await page.getByTestId('kaggle-start').click()
    await page.locator('[data-testid="kaggle-panel"][data-state="finished"]').waitFor({ timeout: 180_000 })
    await page.waitForTimeout(500)
    await page.screenshot({ path: join(root, 'docs', 'kaggle.png') })
  } finally {
    kaggleServer.kill()
  }
}
