import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'
import { readTuning, writeNoisyScores } from '../main/services/evaluation/noisy-scores'

const root = join(__dirname, '..', '..')
const temp = tempDir('oiw-export-cli-')
afterAll(() => temp.remove())

/** The built CLI, as a user runs it, with its own OIW_HOME. */
function oiw(...args: string[]): { status: number | null; lines: string[]; stderr: string } {
  const env = { ...process.env, OIW_HOME: join(temp.dir, 'home') }
  const result = spawnSync(process.execPath, [join(root, 'bin', 'oiw.js'), ...args], { encoding: 'utf8', env })
  return { status: result.status, lines: result.stdout.trimEnd().split('\n'), stderr: result.stderr }
}

describe('oiw index --scores, then oiw export kaggle', () => {
  const truth = readTuning()
  const workspace = join(temp.dir, 'ws')
  const scores = join(temp.dir, 'noisy.csv')
  const sample = join(temp.dir, 'sample_submission.csv')
  const descriptions = join(temp.dir, 'class-descriptions.csv')
  writeNoisyScores(scores, truth)
  writeFileSync(sample, `image_id,labels\n${[...truth.keys()].map((id) => `${id},/m/01g317`).join('\n')}\n`)
  writeFileSync(descriptions, `${[...new Set([...truth.values()].flat())].map((code) => `${code},class ${code.slice(3)}`).join('\n')}\n`)

  it('imports the scores as a named prediction set, with no dataset path once the catalog is indexed', () => {
    const tuning = join(root, 'resources', 'data', 'tuning_labels.csv')
    const indexed = oiw('index', '--workspace', workspace, '--no-scan', '--json', descriptions, tuning)
    expect(indexed.stderr).toBe('')
    expect(indexed.status).toBe(0)
    const result = oiw('index', '--workspace', workspace, '--json', '--scores', `noisy=${scores}`)
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    const report = JSON.parse(result.lines.at(-1)!) as { files: Array<{ kind: string; rows: number; skipped: number }> }
    expect(report.files.map((file) => file.kind)).toEqual(['scores'])
    expect(report.files[0]!.rows).toBeGreaterThan(0)
    expect(report.files[0]!.skipped).toBe(0)
    const info = oiw('info', workspace, '--json')
    expect((JSON.parse(info.lines.join('\n')) as { catalog: { predictionSets: number } }).catalog.predictionSets).toBe(1)
  })

  it('names what is missing when oiw index gets nothing to index', () => {
    const result = oiw('index', '--workspace', workspace)
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/^oiw: nothing to index: give dataset folders or files \(PATH…\), or a prediction set \(--submission or --scores NAME=FILE\)$/m)
  })

  it('writes a submission of every sample id, and says so on its last line', () => {
    const out = join(temp.dir, 'submission.csv')
    const result = oiw('export', 'kaggle', '--workspace', workspace, '--predictions', 'noisy', '--fit-thresholds-on', 'tuning', '--out', out, '--sample', sample, '--max-labels', '6')
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.lines.at(-1)).toBe(`wrote 1000 rows to ${out}`)
    expect(result.lines.some((line) => /^global threshold 0\.\d{4}: tuning F2 0\.\d{4}, cross-validated 0\.\d{4}$/.test(line))).toBe(true)
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n')
    expect(lines[0]).toBe('image_id,labels')
    expect(lines).toHaveLength(1001)
  })

  it('prints JSON with --json, and fails clearly on an unknown set', () => {
    const out = join(temp.dir, 'json.csv')
    const result = oiw('export', 'kaggle', '--workspace', workspace, '--predictions', 'noisy', '--fit-thresholds-on', 'tuning', '--out', out, '--json')
    expect(result.status).toBe(0)
    const report = JSON.parse(result.lines.at(-1)!) as { rows: number; perClassF2: number; globalF2: number }
    expect(report.rows).toBe(1000)
    expect(report.perClassF2).toBeGreaterThanOrEqual(report.globalF2)
    const missing = oiw('export', 'kaggle', '--workspace', workspace, '--predictions', 'nope', '--fit-thresholds-on', 'tuning', '--out', out)
    expect(missing.status).toBe(1)
    expect(missing.stderr).toMatch(/no prediction set named nope/)
  })
})
