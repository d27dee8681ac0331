// `npm run bench:browse -- [--dir D] [--seed N] [--thumbs 2000] [--concurrency 16] [--repeats 3] [--no-browser]`
// Generates (or reuses) a 100k-image dataset and its workspace, then through `oiw serve`: thumbnails/s with a
// cold and a warm thumbnail cache, and in headless Chromium the time to the first grid paint (warm and cold)
// and frame timings while scrolling. Prints a table and writes every figure to bench/results/browse.json.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import sharp from 'sharp'
import { chromiumFlags, launchBrowser, measureFirstPaint, measureScroll, medianFigures, viewport } from './browser.mjs'
import { checkBuilt, defaultSeed, ensureDataset, ensureIndex } from './dataset.mjs'
import { formatTable, judge } from './report.mjs'
import { clearThumbnailCache, fetchThumbnails, firstIds, serverMemory, startServer } from './server.mjs'

const repo = resolve(import.meta.dirname, '..', '..')
const log = (line) => process.stderr.write(`[bench] ${line}\n`)

function options() {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: '/tmp/oiw-bench-browse' },
      seed: { type: 'string', default: String(defaultSeed) },
      thumbs: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '16' },
      repeats: { type: 'string', default: '3' },
      'no-browser': { type: 'boolean', default: false },
    },
  })
  const int = (name) => {
    const n = Number(values[name])
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not ${values[name]}`)
    return n
  }
  return { dir: resolve(values.dir), seed: int('seed'), thumbs: int('thumbs'), concurrency: int('concurrency'), repeats: int('repeats'), browser: !values['no-browser'] }
}

function machine(startLoad) {
  const nproc = spawnSync('nproc', { encoding: 'utf8' })
  return {
    cpus: nproc.status === 0 ? Number(nproc.stdout.trim()) : cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryBytes: totalmem(),
    platform: `${platform()} ${release()} ${arch()}`,
    loadAverage: { start: startLoad, end: loadavg() },
  }
}

/** Source files changed since the build (a stale build measures old code). */
function staleness() {
  const newer = (dir, built) => spawnSync('find', [join(repo, dir), '-newer', join(repo, built), '-type', 'f'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).length
  return { srcNewerThanCli: newer('src', 'out/main/cli.js'), rendererNewerThanBuild: newer('src/renderer', 'out/renderer/index.html') }
}

/** First paints in fresh contexts against a running server (warm cache); scrolls the last one. */
async function warmBrowser(browser, server, repeats) {
  const warm = { runs: [], errors: [] }
  let scroll = null
  for (let i = 0; i < repeats; i++) {
    log(`first paint, warm cache, run ${i + 1}/${repeats}`)
    const paint = await measureFirstPaint(browser, server.pageUrl)
    warm.runs.push(paint.error ? { error: paint.error, seen: paint.seen, problems: paint.problems } : { ...paint.figures, problems: paint.problems })
    if (paint.error) warm.errors.push(paint.error)
    const last = i === repeats - 1 || paint.error
    if (last && (!paint.error || paint.seen?.tiles > 0)) {
      log('scrolling')
      scroll = await measureScroll(paint.page).catch((error) => ({ error: error.message }))
    }
    await paint.context.close()
    if (last) break
  }
  return { warm: { ...warm, median: medianFigures(warm.runs) }, scroll: scroll ?? { error: 'not run: the grid never showed tiles' } }
}

/** First paints with an emptied thumbnail cache and a restarted server each time. */
async function coldBrowser(browser, workspace, env, repeats) {
  const cold = { runs: [], errors: [] }
  for (let i = 0; i < repeats; i++) {
    log(`first paint, cold cache, run ${i + 1}/${repeats}`)
    clearThumbnailCache(workspace)
    const server = await startServer(workspace, env)
    try {
      const paint = await measureFirstPaint(browser, server.pageUrl)
      cold.runs.push(paint.error ? { error: paint.error, seen: paint.seen, problems: paint.problems } : { ...paint.figures, problems: paint.problems })
      await paint.context.close()
      if (paint.error) {
        cold.errors.push(paint.error)
        break
      }
    } finally {
      await server.stop()
    }
  }
  return { ...cold, median: medianFigures(cold.runs) }
}

async function main() {
  const opts = options()
  const startedAt = new Date().toISOString()
  const startLoad = loadavg()
  if (startLoad[0] > cpus().length) log(`warning: load average ${startLoad[0].toFixed(1)} on ${cpus().length} CPUs: the figures will be slower than on an idle machine`)
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'))
  const playwright = createRequire(import.meta.url)('playwright-core/package.json').version
  const build = checkBuilt()
  const stale = staleness()
  if (stale.srcNewerThanCli > 0) log(`warning: ${stale.srcNewerThanCli} file(s) under src/ are newer than the build (${build.cliBuiltAt}): rebuild?`)
  const versions = { node: process.versions.node, playwright, sharp: sharp.versions.sharp, libvips: sharp.versions.vips, oiw: pkg.version, build: { ...build, ...stale } }
  const env = { ...process.env, OIW_HOME: join(opts.dir, 'home') }
  mkdirSync(opts.dir, { recursive: true })

  log(`dataset under ${opts.dir} (seed ${opts.seed})`)
  const dataset = await ensureDataset({ dir: opts.dir, seed: opts.seed, log })
  log(dataset.reused ? 'dataset reused (manifest matches)' : `dataset generated in ${dataset.generationSeconds.total.toFixed(1)} s`)
  const index = await ensureIndex({ dir: opts.dir, dataset, env, log })
  log(index.reused ? 'workspace reused' : `indexed in ${index.seconds.toFixed(1)} s`)

  const memory = {}
  let thumbnails
  let browserResult = null
  clearThumbnailCache(index.workspace)
  const server = await startServer(index.workspace, env)
  let browser = null
  try {
    const ids = await firstIds(server, opts.thumbs)
    if (ids.length < opts.thumbs) throw new Error(`images.window listed only ${ids.length} images, wanted ${opts.thumbs}`)
    log(`${ids.length} thumbnails, cold cache`)
    const cold = await fetchThumbnails(server, ids, opts.concurrency)
    memory.afterCold = serverMemory(server.pid)
    log(`${ids.length} thumbnails, warm cache`)
    const warm = await fetchThumbnails(server, ids, opts.concurrency)
    memory.afterWarm = serverMemory(server.pid)
    thumbnails = { cold, warm, ids: { from: 'images.window {filter: {}} offsets 0..', count: ids.length } }
    if (opts.browser) {
      try {
        browser = await launchBrowser()
        versions.chromium = `Chromium ${browser.version()}`
        browserResult = { viewport, flags: chromiumFlags, ...(await warmBrowser(browser, server, opts.repeats)) }
      } catch (error) {
        browserResult = { error: `Chromium: ${error.message}` }
      }
    }
    memory.afterBrowser = opts.browser ? serverMemory(server.pid) : null
    memory.peakRssBytes = serverMemory(server.pid).peakRssBytes
  } finally {
    await server.stop()
  }
  try {
    if (browser && !browserResult.error) {
      const cold = await coldBrowser(browser, index.workspace, env, opts.repeats)
      browserResult.firstPaint = { warm: browserResult.warm, cold }
      delete browserResult.warm
    }
  } finally {
    await browser?.close()
  }

  const rebuilt = JSON.stringify(checkBuilt()) !== JSON.stringify(build)
  if (rebuilt) log('warning: out/ was rebuilt while the benchmark ran: figures may mix two builds')
  versions.build.rebuiltDuringRun = rebuilt
  const { sample: _sample, ...datasetFacts } = dataset
  const result = { benchmark: 'browse', startedAt, machine: machine(startLoad), versions, dataset: datasetFacts, index, thumbnails, memory, browser: browserResult }
  result.checks = judge({ thumbnails, browser: browserResult })
  const out = join(repo, 'bench', 'results', 'browse.json')
  mkdirSync(join(repo, 'bench', 'results'), { recursive: true })
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n')
  console.log(formatTable(result))
  console.log(`\nfigures: ${out}`)
  const browserFailed = browserResult && (browserResult.error || browserResult.scroll?.error || browserResult.firstPaint?.warm.errors.length || browserResult.firstPaint?.cold.errors.length)
  if (thumbnails.cold.errors + thumbnails.warm.errors > 0) process.exitCode = 2
  else if (browserFailed) process.exitCode = 3
}

main().catch((error) => {
  process.stderr.write(`bench:browse: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
