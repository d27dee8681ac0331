#!/usr/bin/env node
// `npm run screenshots`: serves the demo workspace (in a throwaway OIW_HOME) and saves the README's
// screenshots of the grid, the image view, a training run and the Errors tab to docs/, using Debian's Chromium.
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
  const config = { name: 'demo: small net, boxes then labels', model: { arch: 'small', width: 8 }, stages: [stage('boxes', 3, [32, 48]), stage('labels', 8, [48, 64])] }
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
  console.log('saved docs/grid.png, docs/image-view.png, docs/train.png and docs/errors.png')
} finally {
  await browser.close()
  server.kill()
  rmSync(home, { recursive: true, force: true })
}
