// What bench:kaggle and bench:shift share: a snapshot of out/ to run from (a rebuild during a bench cannot
// change it) and the generated challenge-shaped set, regenerated only when its options change.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const repo = resolve(import.meta.dirname, '..')
export const log = (line) => process.stderr.write(`[bench] ${line}\n`)

/** Copies out/ (building it first if absent) under `home`/build; returns the snapshot's out/main folder. */
export function snapshot(home) {
  if (!existsSync(join(repo, 'out', 'main', 'cli.js')) || !existsSync(join(repo, 'out', 'main', 'challenge-set.js'))) {
    log('building (npm run build)')
    if (spawnSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' }).status !== 0) throw new Error('the build failed')
  }
  const root = join(home, 'build')
  rmSync(root, { recursive: true, force: true })
  mkdirSync(root, { recursive: true })
  cpSync(join(repo, 'out'), join(root, 'out'), { recursive: true })
  for (const name of ['node_modules', 'resources', 'package.json']) symlinkSync(join(repo, name), join(root, name))
  return join(root, 'out', 'main')
}

/** The challenge set under `home` (`challenge/`, its solution in `solution/`), generated unless the same options made it. */
export function challengeSet(home, main, values) {
  const dataset = join(home, 'challenge')
  const solution = join(home, 'solution')
  const setKey = JSON.stringify({ train: values.train, test: values.test, tuning: values.tuning, stage2: values.stage2, classes: values.classes, seed: values.seed })
  if (!existsSync(join(home, 'set.json')) || readFileSync(join(home, 'set.json'), 'utf8') !== setKey) {
    rmSync(dataset, { recursive: true, force: true })
    rmSync(solution, { recursive: true, force: true })
    const args = ['--dir', dataset, '--solution-dir', solution, '--train', values.train, '--test', values.test, '--tuning', values.tuning, '--stage2', values.stage2, '--classes', values.classes, '--seed', values.seed]
    const made = spawnSync(process.execPath, [join(main, 'challenge-set.js'), ...args], { encoding: 'utf8' })
    if (made.status !== 0) throw new Error(made.stderr)
    log(made.stdout.trim())
    writeFileSync(join(home, 'set.json'), setKey)
  }
  return { dataset, solution, sample: join(dataset, 'stage_2_sample_submission.csv') }
}
