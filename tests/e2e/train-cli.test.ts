import { fork, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'

const cli = join(__dirname, '..', '..', 'out', 'main', 'cli.js')

/**
 * `oiw train` end to end on the demo dataset (300 sharp-drawn images, real class codes): a real trainer
 * process on the wasm backend with our conv gradient kernels, real SQLite, real checkpoints.
 */
describe('oiw train', () => {
  const temp = tempDir('oiw-train-')
  const env = { ...process.env, OIW_HOME: temp.dir }
  const workspace = join(temp.dir, 'demo-workspace')
  const config = join(temp.dir, 'run.json')

  const query = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = new Database(join(workspace, 'catalog.sqlite'), { readonly: true })
    try {
      return db.prepare(sql).all(...params) as T[]
    } finally {
      db.close()
    }
  }

  /** Runs `oiw train … --json` to its end; resolves with its exit code and summary. */
  const train = (args: string[], whileRunning?: () => Promise<void>) =>
    new Promise<{ code: number | null; summary: { run: { id: number; status: string }; epochs: Array<Record<string, number | string | null>>; end: { status: string; error?: string } } | null; stderr: string }>((done) => {
      const child = fork(cli, ['train', '--workspace', workspace, '--backend', 'wasm', '--json', ...args], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
      let stdout = ''
      let stderr = ''
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      void whileRunning?.()
      child.on('exit', (code) => done({ code, summary: stdout.trim() ? JSON.parse(stdout.trim().split('\n').at(-1)!) : null, stderr }))
    })

  const waitFor = async (condition: () => boolean, what: string, seconds = 90): Promise<void> => {
    const until = Date.now() + seconds * 1000
    while (!condition()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  beforeAll(() => {
    const made = spawnSync(process.execPath, [cli, 'info'], { env, encoding: 'utf8' })
    expect(made.status, made.stderr).toBe(0)
    writeFileSync(
      config,
      JSON.stringify({
        model: { arch: 'small', width: 8 },
        stages: [
          { kind: 'boxes', epochs: 3, batchSize: 16, inputSizes: [32, 48], optimizer: { lr: 0.003 } },
          { kind: 'labels', epochs: 8, batchSize: 16, inputSizes: [48, 64], loss: { bce: 1, softF2: 1 }, optimizer: { lr: 0.003 } },
        ],
      }),
    )
  })
  afterAll(() => temp.remove())

  it('pretrains on box crops far above chance, then fine-tunes above the most-frequent-labels F2', async () => {
    const { code, summary, stderr } = await train(['--config', config])
    expect(code, stderr).toBe(0)
    expect(summary!.end.status).toBe('completed')
    const boxes = summary!.epochs.filter((e) => e.stage === 'boxes')
    const labels = summary!.epochs.filter((e) => e.stage === 'labels')
    expect(boxes.map((e) => e.epoch)).toEqual([1, 2, 3])
    expect(labels.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    const lastBoxes = boxes.at(-1)!
    // 30 box classes: chance is 0.033; always answering the most frequent class scores `baseline`
    expect(lastBoxes.accuracy as number).toBeGreaterThan(Math.max(0.3, (lastBoxes.baseline as number) + 0.2))
    const bestF2 = Math.max(...labels.map((e) => e.f2 as number))
    expect(bestF2).toBeGreaterThan((labels[0]!.baseline as number) + 0.05)
    expect(stderr).toMatch(/stage 2 starts from stage 1's best backbone/)
    const run = query<{ status: string; backend: string; best_metric: number; images_per_second: number }>('SELECT * FROM training_runs WHERE id = ?', summary!.run.id)[0]!
    expect(run).toMatchObject({ status: 'completed', backend: 'wasm' })
    expect(run.best_metric).toBeCloseTo(bestF2, 6)
    const best = query<{ path: string; stage_index: number }>('SELECT path, stage_index FROM training_checkpoints WHERE run_id = ? AND best = 1 ORDER BY stage_index', summary!.run.id)
    expect(best.map((c) => c.stage_index)).toEqual([0, 1])
    for (const c of best) expect(existsSync(join(c.path, 'weights.bin'))).toBe(true)
  })

  it('resumes after kill -9 from the last checkpoint, doing every step exactly once', async () => {
    const args = ['--stages', 'labels', '--arch', 'small', '--width', '8', '--epochs', '3', '--batch-size', '8', '--input-sizes', '32', '--name', 'killed']
    // a position checkpoint after every step, so the kill lands between two of them wherever it falls
    const often = join(temp.dir, 'often.json')
    writeFileSync(often, JSON.stringify({ checkpointEveryMinutes: 0.0001 }))
    const insideEpoch2 = `SELECT 1 FROM training_checkpoints c JOIN training_runs r ON r.id = c.run_id WHERE r.name = 'killed' AND c.kind = 'position' AND c.epoch = 2
      AND c.global_step > 3 + (SELECT global_step FROM training_checkpoints WHERE run_id = r.id AND kind = 'epoch' AND epoch = 1)`
    const first = await train([...args, '--config', often], async () => {
      await waitFor(() => query(insideEpoch2).length > 0, 'a checkpoint a few steps into epoch 2')
      const pid = query<{ pid: number }>("SELECT pid FROM training_runs WHERE name = 'killed'")[0]!.pid
      process.kill(pid, 'SIGKILL') // the trainer, not the CLI: the CLI reports the run interrupted
    })
    expect(first.code).toBe(1)
    expect(first.summary!.end.status).toBe('interrupted')
    const runId = first.summary!.run.id
    expect(query<{ status: string }>('SELECT status FROM training_runs WHERE id = ?', runId)[0]!.status).toBe('interrupted')
    const resumed = await train(['--resume', String(runId)])
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(resumed.summary!.end.status).toBe('completed')
    expect(resumed.stderr).toMatch(/resumed at stage 1, epoch 2, batch [1-9]/)
    expect(resumed.summary!.epochs.map((e) => e.epoch)).toEqual([1, 2, 3])
    const steps = query<{ global_step: number; epoch: number; step: number }>('SELECT global_step, epoch, step FROM training_steps WHERE run_id = ? ORDER BY global_step', runId)
    const perEpoch = steps.filter((s) => s.epoch === 1).length
    expect(perEpoch).toBeGreaterThan(5)
    expect(steps.map((s) => s.global_step)).toEqual(Array.from({ length: 3 * perEpoch }, (_, i) => i + 1))
    expect(steps.map((s) => `${s.epoch}:${s.step}`)).toEqual(Array.from({ length: 3 * perEpoch }, (_, i) => `${Math.floor(i / perEpoch) + 1}:${(i % perEpoch) + 1}`))
  })

  it('ends cleanly at the time budget when told to stop there, keeping the best checkpoint', async () => {
    const { code, summary, stderr } = await train(['--stages', 'labels', '--arch', 'small', '--width', '8', '--epochs', '500', '--batch-size', '16', '--input-sizes', '32', '--time-budget', '4s', '--budget-use', 'stop'])
    expect(code, stderr).toBe(0)
    expect(summary!.end.status).toBe('time-budget')
    expect(summary!.run.status).toBe('time-budget')
    expect(summary!.epochs.length).toBeGreaterThan(0)
    expect(summary!.epochs.length).toBeLessThan(500)
    const best = query<{ path: string }>('SELECT path FROM training_checkpoints WHERE run_id = ? AND best = 1', summary!.run.id)
    expect(best).toHaveLength(1)
    expect(existsSync(join(best[0]!.path, 'manifest.json'))).toBe(true)
  })

  it('plans its epochs from the measured speed to fill the time budget, and ends inside it', async () => {
    // epochs no plan lands on by chance (on a loaded CPU one planned exactly 3 + 8 once)
    const odd = join(temp.dir, 'odd-epochs.json')
    const base = JSON.parse(readFileSync(config, 'utf8')) as { stages: Array<{ epochs: number }> }
    base.stages[0]!.epochs = 37
    base.stages[1]!.epochs = 101
    writeFileSync(odd, JSON.stringify(base))
    const { code, summary, stderr } = await train(['--config', odd, '--time-budget', '20s'])
    expect(code, stderr).toBe(0)
    const run = summary!.run as unknown as { id: number; status: string; seconds: number; plan: { revision: number; stages: Array<{ epochs: number; basis: string }> } | null }
    // the plan fits the schedule inside the budget: it completes; the hard stop at the budget is the only other end
    expect(['completed', 'time-budget']).toContain(run.status)
    expect(run.seconds).toBeLessThanOrEqual(20.5)
    expect(run.seconds).toBeGreaterThanOrEqual(0.85 * 20)
    expect(stderr).toMatch(/plan 1 \(measured 5 steps of stage 1\): budget 20 s; stage 1 boxes/)
    expect(run.plan!.stages.map((s) => s.basis)).toEqual(['measured', 'measured'])
    // the epochs come from the plan, not the config's 37 + 101
    const epochs = summary!.epochs
    const planned = run.plan!.stages.map((s) => s.epochs)
    expect(epochs.filter((e) => e.stage === 'labels').length).toBe(planned[1])
    expect(planned).not.toEqual([37, 101])
  })

  it('rejects a bad config naming the file and field, and records no run', async () => {
    const bad = join(temp.dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ stages: [{ kind: 'labels', batchSize: 0 }] }))
    const before = query<{ n: number }>('SELECT count(*) AS n FROM training_runs')[0]!.n
    const result = spawnSync(process.execPath, [cli, 'train', '--workspace', workspace, '--config', bad], { env, encoding: 'utf8' })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(`${bad}: stages.0.batchSize`)
    expect(query<{ n: number }>('SELECT count(*) AS n FROM training_runs')[0]!.n).toBe(before)
  })
})
