import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { IndexJobs } from '../../src/main/services/indexing/index-jobs'
import { EventHub } from '../../src/main/transport/event-hub'
import type { IndexJob } from '../../src/shared/api/index'
import { tempDir } from '../helpers/temp-dir'

const root = join(__dirname, '..', '..')
const temp = tempDir('oiw-index-cli-')
afterAll(() => temp.remove())

/** The built CLI, as a user runs it, with its own OIW_HOME. */
function oiw(...args: string[]): { status: number | null; lines: string[]; stderr: string } {
  const env = { ...process.env, OIW_HOME: join(temp.dir, 'home') }
  const result = spawnSync(process.execPath, [join(root, 'bin', 'oiw.js'), ...args], { encoding: 'utf8', env })
  return { status: result.status, lines: result.stdout.trimEnd().split('\n'), stderr: result.stderr }
}

const header = 'ImageID,Source,LabelName,Confidence'
const key = (i: number) => i.toString(16).padStart(16, 'a')

describe('oiw index refuses a file that would replace what is stored with nothing', () => {
  const workspace = join(temp.dir, 'ws')
  const human = join(temp.dir, 'train_human_labels.csv')
  const machine = join(temp.dir, 'train_machine_labels.csv')
  writeFileSync(human, [header, ...Array.from({ length: 6 }, (_, i) => `${key(i)},verification,/m/01g317,1`)].join('\n') + '\n')
  writeFileSync(machine, [header, `${key(0)},machine,/m/01g317,0.4`, `${key(0)},machine,/m/01g317,0.9`, `${key(1)},machine,/m/0k4j,0.5`].join('\n') + '\n')

  it('reports repeated rows with the value kept', () => {
    const result = oiw('index', '--workspace', workspace, '--no-scan', human, machine)
    expect(result.status).toBe(0)
    expect(result.lines).toContain('  repeated 1: rows repeating the ImageID,Source,LabelName of an earlier row, the last row kept')
    expect(result.lines).toContain(`    train_machine_labels.csv:3: repeats line 2 (${key(0)},machine,/m/01g317): Confidence 0.9 of line 3 kept, 0.4 of line 2 dropped`)
    expect(result.lines.find((line) => line.startsWith('train_machine_labels.csv'))).toMatch(/^train_machine_labels\.csv\s+2 rows /)
  })

  it('exits 1 with the reason for the machine labels given as human labels, and a JSON error with --json', () => {
    const result = oiw('index', '--workspace', workspace, '--no-scan', `human-labels=${machine}`)
    expect(result.status).toBe(1)
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(
      'oiw: train_machine_labels.csv (human-labels): 0 valid rows (3 skipped: bad-source 3) would replace the 6 human labels stored; ' +
        'nothing was changed. To replace them anyway, index it with --replace-with-empty',
    )
    const json = oiw('index', '--workspace', workspace, '--no-scan', '--json', `human-labels=${machine}`)
    expect(json.status).toBe(1)
    expect(JSON.parse(json.lines.at(-1)!)).toEqual({ error: { code: 'replace-refused', message: expect.stringMatching(/would replace the 6 human labels stored/), where: machine } })
  })

  it('replaces them with --replace-with-empty', () => {
    const result = oiw('index', '--workspace', workspace, '--no-scan', '--json', '--replace-with-empty', `human-labels=${machine}`)
    expect(result.status).toBe(0)
    const report = JSON.parse(result.lines.at(-1)!) as { files: Array<{ kind: string; rows: number; skipped: number }> }
    expect(report.files).toMatchObject([{ kind: 'human-labels', rows: 0, skipped: 3 }])
  })
})

describe("the app's index job", () => {
  const workspace = join(temp.dir, 'app-ws')
  const dataset = join(temp.dir, 'app-data')
  mkdirSync(dataset)
  const labels = join(dataset, 'train_human_labels.csv')

  /** Runs one job to its end, as the app does (the built CLI in a child process). */
  function run(options: { replaceWithEmpty?: boolean } = {}): Promise<IndexJob> {
    const hub = new EventHub()
    const jobs = new IndexJobs(join(root, 'out', 'main', 'cli.js'), workspace, hub)
    return new Promise((done) => {
      hub.subscribe((_name, job) => {
        const state = (job as IndexJob).state
        if (state !== 'running') done(job as IndexJob)
      })
      jobs.start(dataset, options)
    })
  }

  it('fails with the reason when a file of the folder would replace the stored rows with none, and replaces them when confirmed', async () => {
    process.env.OIW_HOME = join(temp.dir, 'home')
    writeFileSync(labels, [header, `${key(0)},verification,/m/01g317,1`, `${key(1)},verification,/m/0k4j,0`].join('\n') + '\n')
    expect((await run()).state).toBe('finished')
    writeFileSync(labels, `${header}\n`)
    const refused = await run()
    expect(refused.state).toBe('failed')
    expect(refused.error).toMatch(/^train_human_labels\.csv \(human-labels\): 0 valid rows would replace the 2 human labels stored; nothing was changed\./)
    const confirmed = await run({ replaceWithEmpty: true })
    expect(confirmed.state).toBe('finished')
    expect(confirmed.report!.files.find((f) => f.kind === 'human-labels')!.rows).toBe(0)
  })
})
