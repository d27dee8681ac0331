// `npm run bench:train -- [--seconds 20] [--backends wasm,cpu] [--no-reference] [--profile]`
// Training speed of the trainer's own step, in a fresh process per backend and model:
//   ResNet-18 at 128 px, batch 32, and the "cpu quick" net (small, 96 px, batch 32), on every backend that loads
//   (tensorflow-gpu, tensorflow, webgpu, wasm; tfjs's cpu backend only with --backends …,cpu: its conv filter
//   gradient runs at ~0.01 GFLOP/s, so one ResNet-18 step takes far over an hour — its kernels are timed against
//   ours in tests/worker/tf instead);
//   the data pipeline's own images/s on the demo dataset (sharp decode + soft augmentation) at both sizes;
//   and, as the reference, the same ResNet-18 step in PyTorch on the CPU (Debian python3-torch), with the ratio.
// Prints a table and writes every figure to bench/results/train.json.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const repo = resolve(import.meta.dirname, '..', '..')
const out = join(repo, 'out', 'main')
const log = (line) => process.stderr.write(`[bench] ${line}\n`)

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    backends: { type: 'string', default: 'tensorflow-gpu,tensorflow,webgpu,wasm' },
    'no-reference': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    home: { type: 'string', default: '/tmp/oiw-bench-train' },
  },
})
const seconds = Number(values.seconds)

function build() {
  if (existsSync(join(out, 'bench-train.js')) && existsSync(join(out, 'bench-pipeline.js'))) return
  log('building (npm run build)')
  const result = spawnSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' })
  if (result.status !== 0) throw new Error('the build failed')
}

/** Runs a node or python command that prints one JSON line; returns it, or { error } with its stderr. */
function runJson(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: repo, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 24 })
  const line = result.stdout.trim().split('\n').at(-1)
  if (result.status !== 0 || !line) return { error: (result.stderr || result.stdout || `exit ${result.status}`).trim().split('\n').at(-1) }
  return JSON.parse(line)
}

const models = [
  { label: 'ResNet-18 128 px batch 32', args: ['--arch', 'resnet18', '--size', '128', '--batch', '32'] },
  { label: 'cpu quick (small) 96 px batch 32', args: ['--arch', 'small', '--size', '96', '--batch', '32'] },
]

function trainerFigures() {
  const rows = []
  for (const backend of values.backends.split(',')) {
    for (const model of models) {
      // the cpu backend's conv gradients take far over an hour per ResNet step: one step, batch 4 when asked for
      const slow = backend === 'cpu' && model.args.includes('resnet18')
      const args = [join(out, 'bench-train.js'), '--backend', backend, ...model.args, '--seconds', slow ? '0' : String(seconds), '--min-steps', slow ? '1' : '2']
      if (slow) args.splice(args.indexOf('--batch') + 1, 1, '4')
      if (values.profile) args.push('--profile')
      log(`${backend}: ${model.label}${slow ? ' (1 step at batch 4)' : ''}`)
      const figures = runJson(process.execPath, args)
      rows.push({ backend, model: model.label, ...figures })
      if (figures.error) {
        log(`  not available: ${figures.error}`)
        break
      }
      log(`  ${figures.imagesPerSecond} images/s (${figures.steps} steps in ${figures.seconds} s)`)
    }
  }
  return rows
}

function pipelineFigures() {
  const home = resolve(values.home)
  mkdirSync(home, { recursive: true })
  log(`demo workspace in ${home} (made on first use)`)
  const made = spawnSync(process.execPath, [join(out, 'cli.js'), 'info', '--json'], { cwd: repo, env: { ...process.env, OIW_HOME: home }, encoding: 'utf8' })
  if (made.status !== 0) throw new Error(`cannot make the demo workspace: ${made.stderr}`)
  const workspace = join(home, 'demo-workspace')
  const rows = []
  for (const [kind, size] of [['labels', 128], ['boxes', 128], ['labels', 96]]) {
    log(`pipeline: ${kind} at ${size} px, soft augmentation`)
    rows.push(runJson(process.execPath, [join(out, 'bench-pipeline.js'), '--workspace', workspace, '--kind', kind, '--size', String(size), '--seconds', String(Math.min(10, seconds))]))
  }
  return rows
}

function pytorchFigures() {
  if (values['no-reference']) return null
  const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import torch, torchvision'], { stdio: 'ignore' }).status === 0)
  if (!python) return { error: 'PyTorch is not installed (apt-get install python3-torch python3-torchvision)' }
  log(`PyTorch reference (${python}): ResNet-18 128 px batch 32`)
  return runJson(python, [join(repo, 'bench', 'train', 'pytorch_reference.py'), '128', '32', String(seconds), '100', 'resnet18'])
}

build()
const startLoad = loadavg()
const trainer = trainerFigures()
const pipeline = pipelineFigures()
const reference = pytorchFigures()
const resnet = (backend) => trainer.find((r) => r.backend === backend && r.model.startsWith('ResNet-18') && !r.error)
const best = trainer.filter((r) => r.model.startsWith('ResNet-18') && !r.error).sort((a, b) => b.imagesPerSecond - a.imagesPerSecond)[0]

const line = (cells) => cells.map((c, i) => String(c).padEnd(i === 0 ? 14 : 36)).join(' ')
console.log(`\ntraining speed, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load ${startLoad.map((l) => l.toFixed(2)).join(' ')}`)
console.log(line(['backend', ...models.map((m) => m.label)]))
for (const backend of values.backends.split(',')) {
  const cells = models.map((m) => {
    const r = trainer.find((t) => t.backend === backend && t.model === m.label)
    if (!r) return '—'
    if (r.error) return `not available`
    return `${r.imagesPerSecond} images/s${r.batch !== 32 ? ` (batch ${r.batch})` : ''}`
  })
  console.log(line([backend, ...cells]))
}
for (const p of pipeline) console.log(p.error ? `pipeline: ${p.error}` : `data pipeline ${p.kind} ${p.size} px soft: ${p.imagesPerSecond.toFixed(1)} images/s (${p.samples} samples, ${p.images} images in ${p.seconds.toFixed(1)} s)`)
if (reference?.error) console.log(`reference: ${reference.error}`)
else if (reference) {
  console.log(`reference: ${reference.framework}, ResNet-18 128 px batch 32, ${reference.threads} threads: ${reference.imagesPerSecond} images/s`)
  if (best) console.log(`ratio (best oiw backend ${best.backend} / PyTorch): ${(best.imagesPerSecond / reference.imagesPerSecond).toFixed(3)}×`)
  const wasm = resnet('wasm')
  if (wasm) console.log(`ratio wasm / PyTorch: ${(wasm.imagesPerSecond / reference.imagesPerSecond).toFixed(3)}× (issue 10's target: ≥ 0.3×)`)
}
const results = join(repo, 'bench', 'results')
mkdirSync(results, { recursive: true })
writeFileSync(join(results, 'train.json'), JSON.stringify({ at: new Date().toISOString(), cpus: cpus().length, loadAverage: { start: startLoad, end: loadavg() }, trainer, pipeline, reference }, null, 2))
log(`figures in ${join(results, 'train.json')}`)
