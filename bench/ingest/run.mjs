// `npm run bench:ingest -- --scale small|full [--keep] [--dir D] [--seed N] [--no-reference] [--no-product]`
// Generates (or reuses) the dataset, times the sqlite3 shell's .import of the big CSVs (the reference), then
// `oiw index` on the same folder, and browse/aggregate queries through `oiw serve`. Prints a table and
// writes every figure to bench/results/ingest-<scale>.json.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { arch, cpus, platform, release, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { bigFiles, countsFor, defaultSeed, ensureDataset } from './generate.mjs'
import { hasGnuTime } from './measure.mjs'
import { checkIndexCommand, runIndex, runQueries } from './product.mjs'
import { countCheck, formatTable, judge, perFile } from './report.mjs'
import { runReference, sqliteVersion } from './reference.mjs'

const repo = resolve(import.meta.dirname, '..', '..')
const log = (line) => process.stderr.write(`[bench] ${line}\n`)

function options() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'small' },
      dir: { type: 'string' },
      seed: { type: 'string', default: String(defaultSeed) },
      keep: { type: 'boolean', default: false },
      'no-reference': { type: 'boolean', default: false },
      'no-product': { type: 'boolean', default: false },
    },
  })
  countsFor(values.scale)
  const seed = Number(values.seed)
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, not ${values.seed}`)
  return { ...values, seed, dir: resolve(values.dir ?? `/tmp/oiw-bench-${values.scale}`) }
}

function machine() {
  const nproc = spawnSync('nproc', { encoding: 'utf8' })
  return {
    cpus: nproc.status === 0 ? Number(nproc.stdout.trim()) : cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryBytes: totalmem(),
    platform: `${platform()} ${release()} ${arch()}`,
    gnuTime: hasGnuTime,
  }
}

async function main() {
  const opts = options()
  const startedAt = new Date().toISOString()
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'))
  const versions = { node: process.versions.node, sqlite3: sqliteVersion(), oiw: pkg.version }
  if (!opts['no-product']) checkIndexCommand(log)

  log(`dataset under ${opts.dir} (scale ${opts.scale}, seed ${opts.seed})`)
  const dataset = await ensureDataset({ dir: opts.dir, scale: opts.scale, seed: opts.seed, log })
  log(dataset.reused ? 'dataset reused (manifest matches)' : `dataset generated in ${dataset.generationSeconds.total.toFixed(1)} s`)
  const expectedRows = {
    'train_human_labels.csv': dataset.counts.humanLabels,
    'train_machine_labels.csv': dataset.counts.machineLabels,
    'train_bounding_boxes.csv': dataset.counts.boxes,
  }

  const refDir = join(opts.dir, 'ref')
  const workspace = join(opts.dir, 'ws')
  let reference = null
  let product = null
  let queries = null
  try {
    if (!opts['no-reference']) {
      reference = await runReference({ dataDir: dataset.dataDir, workDir: refDir, files: bigFiles, expectedRows, log })
      if (!opts.keep) rmSync(refDir, { recursive: true, force: true })
    }
    if (!opts['no-product']) {
      rmSync(workspace, { recursive: true, force: true })
      log(`oiw index ${dataset.dataDir} --workspace ${workspace} --json`)
      product = { index: await runIndex({ dataDir: dataset.dataDir, workspace }) }
      log(`oiw index: ${product.index.seconds.toFixed(1)} s`)
      log('oiw serve: 1,000 browse pages, 50 summaries, 50 class lists')
      queries = await runQueries({ workspace, weightsFile: join(opts.dir, 'class-weights.json'), seed: opts.seed })
    }
  } finally {
    if (!opts.keep) rmSync(workspace, { recursive: true, force: true })
    if (!opts.keep) rmSync(refDir, { recursive: true, force: true })
  }

  const { frequencies, ...datasetFacts } = dataset
  const result = {
    benchmark: 'ingest',
    scale: opts.scale,
    startedAt,
    machine: machine(),
    versions,
    dataset: { ...datasetFacts, frequencies },
    reference,
    product,
    queries,
    perFile: perFile(reference, product),
    countCheck: countCheck(queries?.summary, dataset.counts),
    kept: opts.keep ? { workspace, reference: refDir } : null,
  }
  result.checks = judge({ scale: opts.scale, reference, product, queries })
  const out = join(repo, 'bench', 'results', `ingest-${opts.scale}.json`)
  mkdirSync(join(repo, 'bench', 'results'), { recursive: true })
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n')
  console.log(formatTable(result))
  console.log(`\nfigures: ${out}`)
  if (result.countCheck && !result.countCheck.ok) process.exitCode = 2
}

main().catch((error) => {
  process.stderr.write(`bench:ingest: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
