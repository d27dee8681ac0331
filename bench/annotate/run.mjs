// `npm run bench:annotate -- [--images 200000] [--dir /tmp/oiw-bench-annotate] [--edits 300]`
// Edits on a synthetic catalog at Open Images' densities (4.6 human labels, 8.8 machine labels and 8.4 boxes
// per image, long-tailed classes; kept in --dir and reused): latency of a verdict, a new box, a box move and a
// revert (each a durable synchronous=FULL commit that also moves class_stats and the explore tables), a batch
// of 10,000 verdicts, a history page and an image's detail; against, as the reference, the full refresh of
// those aggregates that an edit would cost without incremental upkeep. Writes bench/results/annotate.json.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const repo = resolve(import.meta.dirname, '..', '..')
const entry = join(repo, 'out', 'main', 'bench-annotate.js')
const { values } = parseArgs({ options: { images: { type: 'string', default: '200000' }, dir: { type: 'string', default: '/tmp/oiw-bench-annotate' }, edits: { type: 'string', default: '300' } } })
if (!existsSync(entry)) {
  process.stderr.write('out/main/bench-annotate.js is missing: run npm run build first\n')
  process.exit(1)
}
mkdirSync(values.dir, { recursive: true })
const startLoad = loadavg()[0]
const run = spawnSync(process.execPath, [entry, '--images', values.images, '--dir', values.dir, '--edits', values.edits], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
if (run.status !== 0) process.exit(run.status ?? 1)
const r = JSON.parse(run.stdout.trim().split('\n').at(-1))
const row = (name, q) => `${name.padEnd(34)} ${String(q.p50).padStart(8)} ${String(q.p95).padStart(8)} ${String(q.max).padStart(8)}`
const lines = [
  `catalog: ${r.images.toLocaleString('en')} images, ${r.labels.toLocaleString('en')} labels, ${r.boxes.toLocaleString('en')} boxes (synthetic)`,
  `${'ms'.padEnd(34)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'max'.padStart(8)}`,
  row('verdict on one label (durable)', r.editsMs.label),
  row('new box (durable)', r.editsMs.createBox),
  row('move a box (durable)', r.editsMs.moveBox),
  row('revert an edit (durable)', r.editsMs.revert),
  row('history page of 100', r.historyPageMs),
  row('image detail (labels, boxes)', r.imageDetailMs),
  `batch: 10,000 verdicts in one request (${r.batchEdits} changed something): ${r.batch10kLabelsMs} ms`,
  `reference: full refresh of the aggregates ${r.reference.classStatsMs + r.reference.exploreMs} ms (class_stats ${r.reference.classStatsMs}, explore ${r.reference.exploreMs})`,
  `one verdict (p50) is ${r.ratio}× faster than the refresh it replaces`,
]
process.stdout.write(`${lines.join('\n')}\n`)
const machine = { cpus: cpus().length, model: cpus()[0]?.model, loadBefore: startLoad, loadAfter: loadavg()[0] }
mkdirSync(join(repo, 'bench', 'results'), { recursive: true })
writeFileSync(join(repo, 'bench', 'results', 'annotate.json'), `${JSON.stringify({ at: new Date().toISOString(), machine, ...r }, null, 2)}\n`)
