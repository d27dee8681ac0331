import { spawn, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KagglePipeline } from '../../src/shared/api/kaggle'
import { generateChallengeSet, type ChallengeSetManifest } from '../../src/main/services/demo/challenge-set'
import { tempDir } from '../helpers/temp-dir'

const cli = join(__dirname, '..', '..', 'out', 'main', 'cli.js')

/**
 * `oiw kaggle` end to end on a generated file set shaped like the challenge's (no boxable list, tuning ids
 * among the stage-1 test ids, a stage-2 sample with other ids, truth only in a solution folder the pipeline
 * never reads): index, box pretraining and fine-tuning planned to fill the budget, TTA predictions, thresholds
 * fitted on tuning, the CSV written and validated — stopped with Ctrl+C during training and resumed.
 */
describe('oiw kaggle', () => {
  const temp = tempDir('oiw-kaggle-')
  const env = { ...process.env, OIW_HOME: temp.dir, OIW_WASM_THREADS: '1' }
  const dataset = join(temp.dir, 'challenge')
  const workspace = join(temp.dir, 'workspace')
  const out = join(temp.dir, 'submission.csv')
  const budget = 75
  let set: ChallengeSetManifest

  const oiw = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8' })
  // the best checkpoint only, not fine-tuned: at a 75 s budget an ensemble's predict reserve (the snapshot's
  // checkpoints or the folds' models × views, with its margin) is a fifth of the budget or more, and this test
  // holds the pipeline to using 80 % of it (the Kaggle page's test runs the defaults, fine-tuning included)
  const kaggleArgs = () => ['kaggle', dataset, '--workspace', workspace, '--time-budget', `${budget}s`, '--sample', join(dataset, 'stage_2_sample_submission.csv'), '--out', out, '--backend', 'wasm', '--checkpoints', 'best', '--fine-tune-folds', '0']
  const pipelines = () => {
    const db = new Database(join(workspace, 'catalog.sqlite'), { readonly: true })
    try {
      return (db.prepare('SELECT id, status, steps, run_id AS runId FROM kaggle_pipelines ORDER BY id').all() as Array<{ id: number; status: string; steps: string; runId: number | null }>).map((p) => ({ ...p, steps: JSON.parse(p.steps) as KagglePipeline['steps'] }))
    } finally {
      db.close()
    }
  }

  beforeAll(async () => {
    // stage 2 shifted as mildly as stage 1: this test is about the flow; the strong shift is bench:kaggle's (and issue 17's)
    const mild = { backdrop: 0.1, prior: 0.2, fewerObjects: 0.5 }
    set = await generateChallengeSet(dataset, join(temp.dir, 'solution'), { trainImages: 500, stage1TestImages: 80, tuningImages: 60, stage2Images: 120, classes: 20, seed: 11, imageSize: 128, shift: { stage1: mild, stage2: mild } })
  }, 60_000)
  afterAll(() => temp.remove())

  it('stops cleanly on Ctrl+C while training, and the same command resumes it to a valid submission that beats the most frequent labels', async () => {
    // the first attempt: interrupted once training is under way
    const first = spawn(process.execPath, [cli, ...kaggleArgs()], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    let interrupted = false
    first.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      if (!interrupted && /kaggle 1: plan 1/.test(stderr)) {
        interrupted = true
        first.kill('SIGINT')
      }
    })
    const code = await new Promise<number | null>((resolve) => first.on('exit', resolve))
    expect(code, stderr).toBe(130)
    expect(stderr).toMatch(/kaggle 1: index +done/)
    expect(stderr).toMatch(/kaggle 1: stopped during training: run 1 resumes from its last checkpoint/)
    const [stopped] = pipelines()
    expect(stopped).toMatchObject({ id: 1, status: 'interrupted', runId: 1 })
    expect(stopped!.steps.map((s) => s.state)).toEqual(['done', 'stopped', 'waiting', 'waiting'])

    // the same command resumes: the catalog is reused, the run continues from its checkpoint
    const second = oiw(...kaggleArgs(), '--json')
    expect(second.status, second.stderr).toBe(0)
    const pipeline = JSON.parse(second.stdout.trim().split('\n').at(-1)!) as KagglePipeline
    expect(pipeline).toMatchObject({ id: 1, status: 'completed', runId: 1 })
    expect(pipelines()).toHaveLength(1)
    const report = pipeline.report!
    // the whole budget, never more: steps' seconds across both attempts
    expect(report.usedSeconds).toBeLessThanOrEqual(budget)
    expect(report.usedSeconds).toBeGreaterThanOrEqual(0.8 * budget)
    expect(report.tuningImages).toBe(set.images.tuning)
    expect(report.rows).toBe(set.images.stage2)

    // the CSV validates against the stage-2 sample: every id once, known codes
    const validation = oiw('validate-submission', out, '--sample', join(dataset, 'stage_2_sample_submission.csv'), '--json')
    expect(validation.status, validation.stdout).toBe(0)
    const ids = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0])
    expect(new Set(ids).size).toBe(set.images.stage2)

    // against the generated stage-2 solution, it beats answering every image with the most frequent tuning labels
    const tuningCounts = new Map<string, number>()
    for (const line of readFileSync(join(dataset, 'tuning_labels.csv'), 'utf8').trim().split('\n')) for (const code of line.split(',')[1]!.replaceAll('"', '').split(' ')) tuningCounts.set(code, (tuningCounts.get(code) ?? 0) + 1)
    const top = [...tuningCounts].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([code]) => code)
    const frequent = join(temp.dir, 'frequent.csv')
    writeFileSync(frequent, `image_id,labels\n${ids.map((id) => `${id},${top.join(' ')}`).join('\n')}\n`)
    const f2 = (file: string) => {
      const result = oiw('evaluate', '--truth', set.solutionFiles.stage2, '--submission', file)
      expect(result.status, result.stderr).toBe(0)
      return Number(/mean F2 ([\d.]+)/.exec(result.stdout)![1])
    }
    const ours = f2(out)
    const baseline = f2(frequent)
    expect(ours).toBeGreaterThan(baseline)
  }, 240_000)
})
