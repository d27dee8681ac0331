import type { Command } from 'commander'
import { startHeadless, type HeadlessApp } from '../app/headless'
import { isLoopback } from '../transport/security'
import { progressReporter } from './progress'

export interface ServeFlags {
  port: string
  /** Not given: loopback, or every address with --expose. */
  host?: string
  expose?: boolean
  json?: boolean
}

/** Parses --port/--host/--expose; another host than loopback only with --expose. */
export function serverAddress(flags: ServeFlags): { port: number; host: string } {
  const port = Number(flags.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: ${flags.port} is not a port number (0..65535)`)
  const host = flags.host ?? (flags.expose ? '0.0.0.0' : '127.0.0.1')
  if (!isLoopback(host) && !flags.expose) {
    throw new Error(`--host ${host} would expose the workbench to the network; add --expose if that is what you want`)
  }
  return { port, host }
}

/** Starts the headless app and prints where it listens; stops it on SIGINT/SIGTERM. */
export async function serve(workspace: string | undefined, flags: ServeFlags): Promise<HeadlessApp> {
  const app = await startHeadless({ workspace, ...serverAddress(flags), onProgress: progressReporter({ json: !!flags.json }) })
  const { server } = app
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ url: server.url, pageUrl: server.pageUrl, port: server.port, token: server.token, workspace: app.workspaceDir })}\n`)
  } else {
    process.stdout.write(`oiw listening on ${server.pageUrl}\n`)
  }
  const stop = () => void app.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return app
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve a workspace headless over HTTP + WebSocket (the same app, in any browser)')
    .argument('[workspace]', 'workspace folder (default: the last one opened, else the demo workspace)')
    .option('-p, --port <n>', 'port, 0 for any free one', '0')
    .option('--host <address>', 'address to bind (default 127.0.0.1, or 0.0.0.0 with --expose)')
    .option('--expose', 'allow binding an address other than loopback (0.0.0.0 when --host is not given)')
    .option('--json', 'print {url, pageUrl, port, token, workspace} as one JSON line instead of the listening line')
    .addHelpText('after', '\nPrints one line: oiw listening on http://127.0.0.1:N/?token=T — every request needs that token.')
    .action(async (workspace: string | undefined, flags: ServeFlags) => {
      await serve(workspace, flags)
    })
}
