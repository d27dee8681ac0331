import type { Command } from 'commander'
import { chromiumBinary, electronBinary, hasDisplay, runChromiumApp, runElectron, sqliteBuiltFor } from '../app/launch'
import { electronMainScript } from '../resources'
import { serve } from './serve-command'

/**
 * Opens the desktop app: Electron when its binary is present; else the headless server with
 * Chromium in --app mode when a browser and a display exist; else it serves and prints the URL.
 */
export async function openApp(workspace: string | undefined, port: string): Promise<void> {
  const electron = hasDisplay() ? electronBinary() : null
  if (electron && sqliteBuiltFor() !== 'electron') {
    process.stdout.write('Electron is installed but better-sqlite3 is built for Node: run `npm run rebuild:electron` to use the desktop shell. Using the browser instead.\n')
  } else if (electron) {
    process.exitCode = await runElectron(electron, electronMainScript(), workspace)
    return
  }
  const app = await serve(workspace, { port, host: '127.0.0.1' })
  const chromium = hasDisplay() ? chromiumBinary() : null
  if (!chromium) {
    process.stdout.write('No Electron binary or browser window available here: open the URL above in a browser. Ctrl+C stops.\n')
    return
  }
  process.stdout.write(`Opening it in ${chromium} (app mode); close the window to stop.\n`)
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
