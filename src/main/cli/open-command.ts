import type { Command } from 'commander'
import { chromiumBinary, electronBinary, electronMissingReason, hasDisplay, runChromiumApp, runElectron, sqliteBuiltFor } from '../app/launch'
import { electronMainScript } from '../resources'
import { serve } from './serve-command'

/** Why the Electron window cannot open here, or null when it can. */
function whyNotElectron(electron: string | null): string | null {
  if (!electron) return electronMissingReason()
  if (!hasDisplay()) return 'Electron has no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset)'
  if (sqliteBuiltFor() !== 'electron') return 'Electron is installed but better-sqlite3 is built for Node (`npm run rebuild:electron` switches it)'
  return null
}

/**
 * Opens the desktop app: Electron when its binary is present; else the headless server with
 * Chromium in --app mode when a browser and a display exist; else it serves and prints the URL.
 * A fallback is announced by one line saying why Electron did not open and what happens instead.
 */
export async function openApp(workspace: string | undefined, port: string): Promise<void> {
  const electron = electronBinary()
  const why = whyNotElectron(electron)
  if (electron && why === null) {
    process.exitCode = await runElectron(electron, electronMainScript(), workspace)
    return
  }
  const app = await serve(workspace, { port, host: '127.0.0.1' })
  const chromium = hasDisplay() ? chromiumBinary() : null
  if (!chromium) {
    const where = hasDisplay() ? ' (no Chromium found for app mode; CHROME_PATH names one)' : ''
    process.stdout.write(`${why}: open the URL above in a browser${where}. Ctrl+C stops.\n`)
    return
  }
  process.stdout.write(`${why}: opening the app in ${chromium} (app mode); close the window to stop.\n`)
  await runChromiumApp(chromium, app.server.pageUrl)
  await app.close()
  process.exit(0)
}

export function registerOpenCommand(program: Command): void {
  program
    .command('open')
    .description('open the desktop app on a workspace (Electron, else Chromium app mode, else print the URL)')
    .argument('[workspace]', 'workspace folder (default: the last one opened, else the demo workspace)')
    .option('-p, --port <n>', 'port of the headless server when Electron is not available', '0')
    .action(async (workspace: string | undefined, flags: { port: string }) => openApp(workspace, flags.port))
}
