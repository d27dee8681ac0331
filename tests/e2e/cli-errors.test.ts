import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'

const root = join(__dirname, '..', '..')
const temp = tempDir('oiw-cli-errors-')
afterAll(() => temp.remove())

/** The built CLI, as a user runs it, with its own OIW_HOME. */
function oiw(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, OIW_HOME: join(temp.dir, 'home') }
  const result = spawnSync(process.execPath, [join(root, 'bin', 'oiw.js'), ...args], { encoding: 'utf8', env })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('the CLI when a run fails', () => {
  it('prints the error as one JSON object with --json, and exits 1', () => {
    const labels = join(temp.dir, 'train_human_labels.csv')
    writeFileSync(labels, 'ImagID,Source,LabelName,Confidence\naaaaaaaaaaaaaaaa,verification,/m/01g317,1\n')
    const result = oiw('index', '--workspace', join(temp.dir, 'ws'), '--no-scan', '--json', labels)
    expect(result.status).toBe(1)
    const printed = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { error: { code: string; message: string; where: string } }
    expect(printed.error).toEqual({
      code: 'bad-input',
      message: 'train_human_labels.csv: expected the header ImageID,Source,LabelName,Confidence: "ImagID" where ImageID is expected (found ImagID,Source,LabelName,Confidence)',
      where: 'train_human_labels.csv:1',
    })
    expect(result.stderr).toContain(`oiw: ${printed.error.message}`)
  })

  it('oiw info, export, train and predict on a folder with no workspace say so, and make none there', () => {
    const missing = join(temp.dir, 'no-such-workspace')
    const runs = [
      oiw('info', missing),
      oiw('export', 'kaggle', '--workspace', missing, '--predictions', 'x', '--fit-thresholds-on', 'tuning', '--out', join(temp.dir, 'sub.csv')),
      oiw('export', 'openimages', join(temp.dir, 'out'), '--workspace', missing),
      oiw('train', '--workspace', missing),
      oiw('predict', '--workspace', missing, '--run', '1', '--images', 'tuning'),
    ]
    for (const result of runs) {
      expect(result.status).toBe(1)
      expect(result.stderr).toContain(`oiw: ${missing}: no oiw workspace there (no workspace.json); \`oiw index --workspace ${missing} DATASET\` makes one`)
    }
    expect(existsSync(missing)).toBe(false)
    const json = oiw('info', missing, '--json')
    expect(JSON.parse(json.stdout.trim())).toMatchObject({ error: { code: 'not-found', where: missing } })
  })
})
