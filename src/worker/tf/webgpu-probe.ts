import { spawn } from 'node:child_process'
import { pathToFileURL } from 'node:url'

export type WebGpuProbe = { adapter: true } | { adapter: false; reason: string }

// Runs in the child: loads the webgpu package (argv[1], a file URL) and says whether Dawn found an adapter.
const probeScript = `import(process.argv[1]).then(({ create }) => create([]).requestAdapter()).then(
  (adapter) => process.stdout.write(adapter ? 'adapter' : 'none', () => process.exit(0)),
  (error) => process.stdout.write('failed ' + String((error && error.message) || error).split('\\n')[0], () => process.exit(0)))`

/**
 * Why Dawn found no adapter, from what it printed: the first line that is not a source location, a
 * "While …" context line, Node's own notice or the XDG_RUNTIME_DIR complaint, without its Warning:/Error:
 * prefix, whitespace collapsed, at most 160 characters. Null when it printed nothing of the kind.
 */
export function dawnReason(stderr: string): string | null {
  for (const raw of stderr.split('\n')) {
    const line = raw.trim().replace(/\s+/g, ' ')
    if (line === '' || line.startsWith('at ') || line.startsWith('- ') || line.startsWith('(node:') || line.includes('XDG_RUNTIME_DIR')) continue
    const text = line.replace(/^(warning|error):\s*/i, '')
    return text.length > 160 ? `${text.slice(0, 159)}…` : text
  }
  return null
}

/**
 * Asks Dawn (the `webgpu` package at `modulePath`) for a GPU adapter in a short-lived child process, so
 * the Vulkan, EGL and XDG_RUNTIME_DIR warnings it writes straight to file descriptor 2 from native code
 * stay out of the user's terminal; they become the one-line reason when there is no adapter. About 0.4 s
 * without a GPU. Works in a Node process and in Electron's utilityProcess (ELECTRON_RUN_AS_NODE).
 */
export function probeWebGpu(modulePath: string, timeoutMs = 30_000): Promise<WebGpuProbe> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', probeScript, pathToFileURL(modulePath).href], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      resolve({ adapter: false, reason: `the probe process could not start: ${error.message}` })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (stdout === 'adapter') return resolve({ adapter: true })
      const said = dawnReason(stderr)
      let reason: string
      if (stdout.startsWith('failed ')) reason = `Dawn failed: ${stdout.slice('failed '.length)}`
      else if (timedOut) reason = `Dawn did not answer within ${Math.round(timeoutMs / 1000)} s`
      else if (stdout === 'none') reason = said ? `no GPU adapter (Dawn: ${said})` : 'no GPU adapter (Dawn found none)'
      else reason = `the probe process ended with ${signal ?? `code ${code}`}${said ? `: ${said}` : ''}`
      resolve({ adapter: false, reason })
    })
  })
}
