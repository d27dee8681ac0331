// `npm run bench:kaggle -- [--budget 15m] [--modes fill,stop] [--preset cpu-quick] [--train 1000 --test 300 --tuning 100 --stage2 300 --classes 50 --seed 7] [--home /tmp/oiw-bench-kaggle]`
// The Kaggle pipeline under one time budget on a generated challenge-shaped set (docs/challenge-set.md):
// `oiw kaggle DIR --time-budget B --sample stage_2_sample_submission.csv` once per budget use —
//   fill: training planned to fill the budget (what oiw does now),
//   stop: the preset's fixed epochs, ending early only at the budget (the reference: what it did before) —
// each in a fresh workspace, then the stage-2 F2 of the written CSV against the generated solution (the
// pipeline never reads it), beside the "most frequent tuning labels" answer. Prints per mode: budget used and
// per step, validation F2, tuning F2 (cross-validated), stage-2 F2, and the ratio fill/stop; writes
// bench/results/kaggle.json. Runs from a snapshot of out/ so a rebuild during the bench cannot change it.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { challengeSet, repo, snapshot } from '../challenge-bench.mjs'

const { values } = parseArgs({
  options: {
    budget: { type: 'string', default: '15m' },
    modes: { type: 'string', default: 'fill,stop' },
    preset: { type: 'string', default: 'cpu-quick' },
    train: { type: 'string', default: '1000' },
    test: { type: 'string', default: '300' },
    tuning: { type: 'string', default: '100' },
    stage2: { type: 'string', default: '300' },
    classes: { type: 'string', default: '50' },
    seed: { type: 'string', default: '7' },
    home: { type: 'string', default: '/tmp/oiw-bench-kaggle' },
  },
})
const home = resolve(values.home)

const main = snapshot(home)
const cli = join(main, 'cli.js')
const { dataset, solution, sample } = challengeSet(home, main, values)

function oiw(args) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, OIW_HOME: home }, maxBuffer: 1 << 26 })
  if (result.status !== 0) throw new Error(`oiw ${args[0]} failed: ${result.stderr}`)
  return result.stdout
}
const f2Of = (file) => Number(/mean F2 ([\d.]+)/.exec(oiw(['evaluate', '--truth', join(solution, 'solution_stage_2.csv'), '--submission', file]))[1])

/** One pipeline in a fresh workspace; its stderr (steps, plans) streams to ours. */
function pipeline(mode) {
  const workspace = join(home, `workspace-${mode}`)
  rmSync(workspace, { recursive: true, force: true })
  mkdirSync(workspace, { recursive: true })
  const out = join(home, `submission-${mode}.csv`)
  const args = ['kaggle', dataset, '--workspace', workspace, '--time-budget', values.budget, '--sample', sample, '--out', out, '--preset', values.preset, '--budget-use', mode, '--json']
  return new Promise((done, fail) => {
    const started = Date.now()
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, OIW_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => process.stderr.write(`[${mode}] ${chunk}`))
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`oiw kaggle (${mode}) exited with ${code}`))
      const p = JSON.parse(stdout.trim().split('\n').at(-1))
      done({ mode, wallSeconds: (Date.now() - started) / 1000, pipeline: p, stage2F2: f2Of(out) })
    })
  })
}

function mostFrequentF2() {
  const counts = new Map()
  for (const line of readFileSync(join(dataset, 'tuning_labels.csv'), 'utf8').trim().split('\n')) for (const code of line.split(',')[1].replaceAll('"', '').split(' ')) counts.set(code, (counts.get(code) ?? 0) + 1)
  const ids = readFileSync(sample, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0])
  let best = 0
  for (let k = 1; k <= 3; k++) {
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, k).map(([c]) => c)
    const file = join(home, `frequent-${k}.csv`)
    writeFileSync(file, `image_id,labels\n${ids.map((id) => `${id},${top.join(' ')}`).join('\n')}\n`)
    best = Math.max(best, f2Of(file))
  }
  return best
}

const results = []
for (const mode of values.modes.split(',')) results.push(await pipeline(mode))
const baseline = mostFrequentF2()
const pct = (a, b) => `${((100 * a) / b).toFixed(1)} %`
const table = [`budget ${values.budget}, preset ${values.preset}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}); stage-2 F2 of the most frequent tuning labels ${baseline.toFixed(4)}`]
for (const r of results) {
  const p = r.pipeline
  const rep = p.report
  const steps = p.steps.map((s) => `${s.name} ${s.seconds.toFixed(0)} s`).join(', ')
  table.push(
    `${r.mode.padEnd(5)} used ${rep.usedSeconds.toFixed(0)} of ${rep.budgetSeconds} s (${pct(rep.usedSeconds, rep.budgetSeconds)}; wall ${r.wallSeconds.toFixed(0)} s; ${steps}); ` +
      `validation F2 ${rep.validationF2?.toFixed(4)}, tuning F2 ${rep.tuningF2CrossValidated?.toFixed(4)} (${rep.thresholds}), stage-2 F2 ${r.stage2F2.toFixed(4)}`,
  )
}
const fill = results.find((r) => r.mode === 'fill')
const stop = results.find((r) => r.mode === 'stop')
if (fill && stop) table.push(`fill / stop: stage-2 F2 ${(fill.stage2F2 / stop.stage2F2).toFixed(3)}×, tuning F2 ${(fill.pipeline.report.tuningF2CrossValidated / stop.pipeline.report.tuningF2CrossValidated).toFixed(3)}×, validation F2 ${(fill.pipeline.report.validationF2 / stop.pipeline.report.validationF2).toFixed(3)}×`)
process.stdout.write(`${table.join('\n')}\n`)
mkdirSync(join(repo, 'bench', 'results'), { recursive: true })
writeFileSync(join(repo, 'bench', 'results', 'kaggle.json'), `${JSON.stringify({ at: new Date().toISOString(), options: values, cpu: cpus()[0]?.model, baselineStage2F2: baseline, results }, null, 2)}\n`)
