#!/usr/bin/env node
// `npm run screenshots`: serves the demo workspace (in a throwaway OIW_HOME) and saves the README's
// screenshots of the grid and the image view to docs/, using Debian's Chromium.
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
  console.log('saved docs/grid.png and docs/image-view.png')
} finally {
  await browser.close()
  server.kill()
  rmSync(home, { recursive: true, force: true })
}
