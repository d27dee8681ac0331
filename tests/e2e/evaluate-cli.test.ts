import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'

const root = join(__dirname, '..', '..')
const tuningLabels = join(root, 'resources', 'data', 'tuning_labels.csv')
const temp = tempDir('oiw-evaluate-cli-')
afterAll(() => temp.remove())

/** The built CLI, as a user runs it. */
function oiw(...args: string[]): { status: number | null; lines: string[]; stderr: string } {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'oiw.js'), ...args], { encoding: 'utf8' })
  return { status: result.status, lines: result.stdout.trimEnd().split('\n'), stderr: result.stderr }
}

function write(name: string, lines: string[]): string {
  const file = join(temp.dir, name)
  writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

/** tuning_labels.csv by hand: `id,"code code"`, no header. */
const truth = readFileSync(tuningLabels, 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => {
    const [id, labels] = line.split(/,(.*)/s) as [string, string]
    return { id, labels: labels.replace(/"/g, '').split(' ').filter(Boolean) }
  })

/** F2 = 5pr/(4p+r) with p = |P∩G|/|P|, r = |P∩G|/|G|, and 0 when nothing matches (docs/formats.md). */
function f2(predicted: string[], actual: string[]): number {
  const p = new Set(predicted)
  const hits = [...p].filter((label) => actual.includes(label)).length
  if (hits === 0) return 0
  const precision = hits / p.size
  const recall = hits / new Set(actual).size
  return (5 * precision * recall) / (4 * precision + recall)
}

describe('oiw evaluate and validate-submission on the tuning labels', () => {
  // Every 3rd row loses its last label, every 3rd+1 gains a wrong one, every 7th is left out.
  const rows = truth.flatMap(({ id, labels }, i) => {
    if (i % 7 === 6) return []
    if (i % 3 === 0) return [{ id, labels: labels.slice(0, -1) }]
    if (i % 3 === 1) return [{ id, labels: [...labels, '/m/0wrong'] }]
    return [{ id, labels }]
  })
  const expected = truth.reduce((sum, { id, labels }) => sum + f2(rows.find((row) => row.id === id)?.labels ?? [], labels), 0) / truth.length
  const sample = write('sample_submission.csv', ['image_id,labels', ...truth.map(({ id }) => `${id},/m/01g317`)])
  const submission = write('submission.csv', ['image_id,labels', ...rows.map(({ id, labels }) => `${id},${labels.join(' ')}`)])

  it('prints the mean F2 the formula gives, as its last line', () => {
    expect(truth).toHaveLength(1000)
    expect(expected).toBeGreaterThan(0.5)
    expect(expected).toBeLessThan(0.95)
    const result = oiw('evaluate', '--truth', tuningLabels, '--submission', submission, '--per-class')
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.lines.at(-1)).toBe(`mean F2 ${expected.toFixed(4)} over 1000 images`)
    expect(result.lines.some((line) => line.startsWith('/m/01g317 '))).toBe(true)
  })

  it('--json gives the same mean and the counts, ignoring unknown ids and repeated rows', () => {
    const extra = write('submission-extra.csv', [
      ...readFileSync(submission, 'utf8').trimEnd().split('\n'),
      `${rows[0]!.id},/m/0wrong`,
      'ffffffffffffffff,/m/01g317',
    ])
    const result = oiw('evaluate', '--truth', tuningLabels, '--submission', extra, '--json')
    const report = JSON.parse(result.lines.join('\n')) as { meanF2: number; images: number; ignoredIds: number; repeatedRows: number; perClass?: unknown }
    expect(report.meanF2).toBeCloseTo(expected, 12)
    expect(report).toMatchObject({ images: 1000, ignoredIds: 1, repeatedRows: 1 })
    expect(report.perClass).toBeUndefined()
  })

  it('fails with the file and line when the submission has no header', () => {
    const result = oiw('evaluate', '--truth', tuningLabels, '--submission', tuningLabels)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(`${tuningLabels}:1: expected the header image_id,labels`)
  })

  it('validate-submission accepts a good submission and rejects a duplicate id', () => {
    const good = write('good.csv', ['image_id,labels', ...truth.map(({ id, labels }) => `${id},${labels.join(' ')}`)])
    const accepted = oiw('validate-submission', good, '--sample', sample)
    expect(accepted.status).toBe(0)
    expect(accepted.lines.at(-1)).toBe('valid')
    const duplicate = write('duplicate.csv', [...readFileSync(good, 'utf8').trimEnd().split('\n'), `${truth[5]!.id},/m/01g317`])
    const rejected = oiw('validate-submission', duplicate, '--sample', sample)
    expect(rejected.status).toBe(1)
    expect(rejected.lines).toContain(`  ${duplicate}:1002: image ${truth[5]!.id} is already on line 7`)
    expect(rejected.lines.at(-1)).toBe('invalid: 1 problems')
  })
})
