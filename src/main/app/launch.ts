import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { oiwHome } from '../services/workspace/home'

/** The Electron binary when the `electron` package downloaded it; null where it could not (CI, these machines). */
export function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

/**
 * Why there is no Electron binary, for `oiw open`'s one line: what `npm install` recorded when the
 * download failed or was skipped (scripts/fetch-electron.mjs writes node_modules/electron/oiw-download.json),
 * else how to fetch it.
 */
export function electronMissingReason(): string {
  let dir: string
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return 'the electron package is not installed (`npm install` installs it)'
  }
  try {
    const record = JSON.parse(readFileSync(join(dir, 'oiw-download.json'), 'utf8')) as { reason?: unknown }
    if (typeof record.reason === 'string') return `Electron's binary is not installed (${record.reason})`
  } catch {
    // no record: the download was never tried, or the binary was removed since
  }
  return "Electron's binary is not installed (`node scripts/fetch-electron.mjs` downloads it)"
}

/**
 * Which runtime better-sqlite3 is built for, as `npm run rebuild:electron` / `rebuild:node` recorded
 * it. A plain `npm install` builds it for Node.
 */
export function sqliteBuiltFor(): 'node' | 'electron' {
  try {
    const require = createRequire(import.meta.url)
    const marker = join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'oiw-runtime.json')
    return (JSON.parse(readFileSync(marker, 'utf8')) as { runtime?: string }).runtime === 'electron' ? 'electron' : 'node'
  } catch {
    return 'node'
  }
}

/** A Chromium-family browser for `--app` mode: $CHROME_PATH, else the usual Linux locations. */
export function chromiumBinary(): string | null {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ]
  return candidates.find((path): path is string => !!path && existsSync(path)) ?? null
}

/** Whether a window can be shown: always on macOS and Windows, with an X or Wayland display on Linux. */
export function hasDisplay(): boolean {
  return process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY
}

/** Runs the Electron app on `mainScript`; resolves with its exit code. */
export function runElectron(binary: string, mainScript: string, workspace: string | undefined): Promise<number> {
  const args = [mainScript, ...(workspace ? [`--workspace=${workspace}`] : [])]
  const child = spawn(binary, args, { stdio: 'inherit' })
  return new Promise((done) => child.on('exit', (code) => done(code ?? 1)))
}

/** Opens `url` in Chromium's app mode (a window without browser chrome); resolves when it is closed. */
export function runChromiumApp(binary: string, url: string): Promise<number> {
  const profile = join(oiwHome(), 'chromium-profile')
  mkdirSync(profile, { recursive: true })
  const child = spawn(
    binary,
    [`--app=${url}`, `--user-data-dir=${profile}`, '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    { stdio: 'ignore' },
  )
  return new Promise((done) => {
    child.on('error', () => done(1))
    child.on('exit', (code) => done(code ?? 1))
  })
}
