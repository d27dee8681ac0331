import { Command } from 'commander'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { registerExportCommand } from '../../../src/main/cli/export-command'
import { registerIndexCommand } from '../../../src/main/cli/index-command'
import { tempDir } from '../../helpers/temp-dir'
import { readTuning, writeNoisyScores } from '../services/evaluation/noisy-scores'

/** What `oiw index` and `oiw export kaggle` print about ids that are not test images, run in-process on a real workspace. */
const temp = tempDir('oiw-test-ids-cli-')
const workspace = join(temp.dir, 'ws')
const truth = readTuning()
const ids = [...truth.keys()]
const unknown = 'f'.repeat(24)
const home = process.env.OIW_HOME

/** Runs `oiw ARGS` and returns what it printed, line by line. */
async function oiw(...args: string[]): Promise<string[]> {
  const program = new Command('oiw').exitOverride()
  registerIndexCommand(program)
  registerExportCommand(program)
  let printed = ''
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((printed += String(chunk)), true))
  try {
    await program.parseAsync(args, { from: 'user' })
  } finally {
    write.mockRestore()
  }
  return printed.trimEnd().split('\n')
}

beforeAll(async () => {
  process.env.OIW_HOME = join(temp.dir, 'home')
  const descriptions = join(temp.dir, 'class-descriptions.csv')
  writeFileSync(descriptions, `${[...new Set([...truth.values()].flat())].map((code) => `${code},class ${code.slice(3)}`).join('\n')}\n`)
  const sample = join(temp.dir, 'sample_submission.csv')
  writeFileSync(sample, `image_id,labels\n${ids.map((id) => `${id},`).join('\n')}\n`)
  await oiw('index', '--workspace', workspace, '--no-scan', descriptions, join(__dirname, '..', '..', '..', 'resources', 'data', 'tuning_labels.csv'), sample)
})
afterAll(() => {
  if (home === undefined) delete process.env.OIW_HOME
  else process.env.OIW_HOME = home
  temp.remove()
})

describe('oiw index and export kaggle on ids that are not test images', () => {
  it('index prints the count of scores rows of ids the catalog does not hold, and their file:line', async () => {
    const scores = join(temp.dir, 'noisy.csv')
    writeNoisyScores(scores, truth)
    const rows = readFileSync(scores, 'utf8').trimEnd().split('\n').length
    writeFileSync(scores, `${readFileSync(scores, 'utf8')}${unknown},/m/01g317,0.9\n`)
    const lines = await oiw('index', '--workspace', workspace, '--scores', `noisy=${scores}`)
    expect(lines).toContain('  skipped 1: unknown-image 1')
    expect(lines).toContain(`    noisy.csv:${rows + 1}: image_id ${unknown} is not in the catalog (index its sample submission or labels first): the row is not imported`)
  })

  it('export says how many images the set scores it left out, naming a few', async () => {
    const part = join(temp.dir, 'part.csv')
    writeFileSync(part, `image_id,labels\n${ids.slice(0, 10).map((id) => `${id},`).join('\n')}\n`)
    const out = join(temp.dir, 'submission.csv')
    const lines = await oiw('export', 'kaggle', '--workspace', workspace, '--predictions', 'noisy', '--fit-thresholds-on', 'tuning', '--out', out, '--sample', part)
    // examples in catalog order: the tuning file's
    const left = ids.slice(10)
    expect(lines).toContain(`left out ${left.length} images the set scores that are not in the sample: ${left.slice(0, 5).join(', ')}, …`)
    expect(lines.at(-1)).toBe(`wrote 10 rows to ${out}`)
  })
})
