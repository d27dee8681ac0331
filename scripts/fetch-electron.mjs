#!/usr/bin/env node
// `npm install`'s postinstall: downloads Electron's binary by running the electron package's own install
// step, which package.json's `allowScripts` keeps npm from running itself (it fails the whole install
// where GitHub cannot be reached: offline mirrors, proxies, CI). Here a failed download is one line and
// the install goes on; oiw then opens in the browser, and `oiw open` says why from what this script
// recorded in node_modules/electron/oiw-download.json. Run it again to retry the download.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

let electronDir
try {
  electronDir = dirname(require.resolve('electron/package.json'))
} catch {
  process.exit(0) // installed without dev dependencies: there is no desktop shell to fetch
}
const record = join(electronDir, 'oiw-download.json')
const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'))

/** Whether the binary is there, as the electron package itself finds it (path.txt under dist/). */
function installed() {
  try {
    return existsSync(join(electronDir, 'dist', readFileSync(join(electronDir, 'path.txt'), 'utf8')))
  } catch {
    return false
  }
}

/** Records why there is no binary (for `oiw open`) and says so in one line. */
function missing(reason) {
  writeFileSync(record, `${JSON.stringify({ version, reason })}\n`)
  console.log(`Electron ${version}'s binary is not installed (${reason}): oiw will open in the browser; \`node scripts/fetch-electron.mjs\` retries.`)
  process.exit(0)
}

const during = process.env.npm_lifecycle_event === 'postinstall' ? ' during npm install' : ''

if (installed()) {
  rmSync(record, { force: true })
  process.exit(0)
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) missing(`ELECTRON_SKIP_BINARY_DOWNLOAD was set${during}`)

console.log(`Downloading Electron ${version}'s binary…`)
const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, encoding: 'utf8' })
if (result.status === 0 && installed()) {
  rmSync(record, { force: true })
  console.log(`Electron ${version} is installed.`)
  process.exit(0)
}
const said = `${result.stderr ?? ''}\n${result.error?.message ?? ''}`
  .split('\n')
  .map((line) => line.trim())
  .find((line) => line !== '')
missing(`its download failed${during}: ${(said ?? `install.js ended with ${result.signal ?? result.status}`).slice(0, 200)}`)
