// The product side: `oiw index` as a child process (timed, RSS sampled), then `oiw serve` on the same
// workspace and the browse and aggregate queries over its HTTP API (so timings include HTTP overhead).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { filesSize, percentile, runMeasured } from './measure.mjs'
import { stream } from './random.mjs'

const repo = resolve(import.meta.dirname, '..', '..')
const oiw = join(repo, 'bin', 'oiw.js')

/** Throws a clear message unless the built CLI has an `index` command (and warns when the build is stale). */
export function checkIndexCommand(log) {
  const cli = join(repo, 'out', 'main', 'cli.js')
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`)
  const help = spawnSync(process.execPath, [oiw, 'index', '--help'], { cwd: repo, encoding: 'utf8' })
  const text = `${help.stdout}${help.stderr}`
  if (help.status !== 0 || !/^Usage: oiw index/m.test(text)) {
    throw new Error(`${cli} has no \`index\` command yet: build (\`npm run build\`) once it exists, or pass --no-product`)
  }
  if (!/--workspace/.test(text) || !/--json/.test(text)) {
    throw new Error('`oiw index --help` lists no --workspace or --json option, which this benchmark needs')
  }
  const built = statSync(cli).mtimeMs
  const newer = spawnSync('find', [join(repo, 'src'), '-newer', cli, '-type', 'f', '-name', '*.ts'], { encoding: 'utf8' }).stdout.trim()
  if (newer) log(`warning: ${newer.split('\n').length} file(s) under src/ are newer than out/main/cli.js (${new Date(built).toISOString()}): rebuild?`)
}

/** The IndexReport that `oiw index --json` prints as one JSON object at the end of its stdout. */
function parseReport(stdout) {
  const text = stdout.trim()
  const candidates = [text, ...text.split('\n').reverse()]
  for (const candidate of candidates) {
    try {
      const value = JSON.parse(candidate)
      if (value && Array.isArray(value.files)) return value
    } catch {
      // not this one
    }
  }
  throw new Error(`oiw index --json printed no IndexReport; stdout ended with: ${text.slice(-500)}`)
}

/** Runs `oiw index <dataDir> --workspace <workspace> --json`, measuring wall time and peak RSS. */
export async function runIndex({ dataDir, workspace }) {
  const run = await runMeasured(process.execPath, [oiw, 'index', dataDir, '--workspace', workspace, '--json'], { cwd: repo })
  if (run.code !== 0) throw new Error(`oiw index exited with ${run.code}: ${run.stderr.trim().slice(-2000)}`)
  const report = parseReport(run.stdout)
  return {
    seconds: run.seconds,
    maxRssBytes: run.maxRssBytes,
    treeRssBytes: run.treeRssBytes,
    catalogBytes: filesSize(workspace, 'catalog.sqlite'),
    report,
  }
}

/** Starts `oiw serve <workspace> --port 0 --json` and returns { url, token, call(method, body), stop() }. */
async function startServer(workspace) {
  const child = spawn(process.execPath, [oiw, 'serve', workspace, '--port', '0', '--json'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const lines = createInterface({ input: child.stdout })
  const first = await new Promise((done, failed) => {
    lines.once('line', done)
    child.once('exit', (code) => failed(new Error(`oiw serve exited with ${code} before listening: ${stderr.trim()}`)))
  })
  const { url, token } = JSON.parse(first)
  const call = async (method, body) => {
    const response = await fetch(`${url}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    const envelope = await response.json()
    if (!envelope.ok) throw new Error(`${method} failed: ${envelope.error?.code}: ${envelope.error?.message}`)
    return envelope.value
  }
  const stop = async () => {
    if (child.exitCode !== null) return
    const exited = new Promise((done) => child.once('exit', done))
    child.kill('SIGTERM')
    await exited
  }
  return { url, call, stop }
}

async function timeCalls(count, makeCall) {
  const ms = []
  for (let i = 0; i < count; i++) {
    const t0 = performance.now()
    await makeCall(i)
    ms.push(performance.now() - t0)
  }
  ms.sort((a, b) => a - b)
  return { calls: count, p50: percentile(ms, 50), p95: percentile(ms, 95), max: ms[ms.length - 1] }
}

/** Picks classes at random in proportion to their human-labelled images (a stand-in for real use). */
function classPicker(weightsFile, seed) {
  const weights = JSON.parse(readFileSync(weightsFile, 'utf8'))
  const cumulative = []
  let total = 0
  for (const [, n] of weights) cumulative.push((total += n))
  const rand = stream(seed, 'browse')
  return () => {
    const target = rand() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cumulative[mid] > target) hi = mid
      else lo = mid + 1
    }
    return weights[lo][0]
  }
}

/**
 * 1,000 first pages of 100 images of a class (weighted pick), and 50 each of the summary and the class list
 * (the per-class aggregates), after a few untimed warm-up calls. Also reads back the catalog's counts.
 * The benchmark writes no image files, so browse asks for `onDisk: 'any'` (the default `yes` would be empty).
 */
export async function runQueries({ workspace, weightsFile, seed, browseCalls = 1000, aggregateCalls = 50 }) {
  const server = await startServer(workspace)
  try {
    const pick = classPicker(weightsFile, seed)
    const browse = (classCode) => server.call('images.list', { classCode, limit: 100, onDisk: 'any' })
    for (let i = 0; i < 10; i++) await browse(pick())
    let emptyPages = 0
    let itemsSeen = 0
    const browseTimes = await timeCalls(browseCalls, async () => {
      const page = await browse(pick())
      itemsSeen += page.items.length
      if (page.items.length === 0) emptyPages++
    })
    const summary = await server.call('catalog.getSummary', {})
    const listClasses = () => server.call('catalog.listClasses', { query: '', limit: 500 })
    await listClasses()
    return {
      browse: { ...browseTimes, request: { limit: 100, onDisk: 'any', labelFilter: 'human-positive (default)' }, emptyPages, meanItems: itemsSeen / browseCalls },
      getSummary: await timeCalls(aggregateCalls, () => server.call('catalog.getSummary', {})),
      listClasses: await timeCalls(aggregateCalls, listClasses),
      summary,
      includesHttp: true,
    }
  } finally {
    await server.stop()
  }
}
