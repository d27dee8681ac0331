import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

export interface RunningApp {
  /** Origin, e.g. http://127.0.0.1:41234 */
  url: string
  /** The page URL with the token, as printed by `oiw serve`. */
  pageUrl: string
  token: string
  process: ChildProcess
  stop(): Promise<void>
}

const repoRoot = join(__dirname, '..', '..', '..')

/**
 * Runs the built CLI (`node bin/oiw.js serve`) as a user would, in a process of its own, and waits
 * for its one `oiw listening on …` line. `home` becomes OIW_HOME, so the demo workspace is made there;
 * `env` adds to (or overrides) the child's environment, e.g. HOME for where the folder browser starts.
 */
export async function startHeadlessApp(options: {
  home: string
  workspace?: string
  env?: Record<string, string>
  timeoutMs?: number
}): Promise<RunningApp> {
  const args = [join(repoRoot, 'bin', 'oiw.js'), 'serve', ...(options.workspace ? [options.workspace] : []), '--port', '0']
  const child = spawn(process.execPath, args, { env: { ...process.env, ...options.env, OIW_HOME: options.home }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const line = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`oiw serve printed no listening line in time:\n${stderr}`)), options.timeoutMs ?? 60_000)
    createInterface({ input: child.stdout! }).on('line', (text) => {
      if (text.startsWith('oiw listening on ')) {
        clearTimeout(timer)
        done(text)
      }
    })
    child.once('exit', (code) => fail(new Error(`oiw serve exited with ${code}:\n${stderr}`)))
  })
  const match = /^oiw listening on (http:\/\/127\.0\.0\.1:\d+)\/\?token=([\w-]+)$/.exec(line)
  if (!match) throw new Error(`unexpected listening line: ${line}`)
  return {
    url: match[1]!,
    pageUrl: `${match[1]}/?token=${match[2]}`,
    token: match[2]!,
    process: child,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done()
        child.once('exit', () => done())
        child.kill('SIGTERM')
      }),
  }
}
