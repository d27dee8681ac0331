import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { evaluateSubmission } from '../../../../src/main/services/evaluation/evaluate-submission'
import { tempDir } from '../../../helpers/temp-dir'

const [a, b, c, d, x] = ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'cccccccccccccccccccccccc', 'dddddddddddddddd', 'eeeeeeeeeeeeeeee']
const temp = tempDir('oiw-evaluate-')
afterAll(() => temp.remove())

function write(name: string, lines: string[]): string {
  const file = join(temp.dir, name)
  writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

// a: G = {p, q, r}; b: G = {p}; c: G = {q, r} (missing from the submission); d: G = {r}
const truth = write('truth.csv', [`${a},/m/p /m/q /m/r`, `${b},/m/p`, `${c},"/m/q /m/r"`, `${d},/m/r`])

describe('evaluateSubmission', () => {
  it('scores the worked example of the metric test, with the submission quirks counted', async () => {
    const submission = write('sub.csv', [
      'image_id,labels',
      `${a},/m/p /m/q /m/s /m/t`, // 0.625
      `${b},/m/p`, // 1
      `${d},/m/p /m/p /m/r`, // 0.8333…
      `${b},`, // repeated: the first row counts
      `${x},/m/p`, // not in the truth: ignored
      `${x},/m/q`, // ignored again
    ])
    const report = await evaluateSubmission(truth, submission)
    expect(report.meanF2).toBeCloseTo((0.625 + 1 + 0 + 2.5 / 3) / 4, 12)
    expect(report).toMatchObject({ images: 4, missingImages: 1, ignoredIds: 2, repeatedRows: 1 })
    expect(report.problems.total).toBe(0)
    expect(report.perClass[0]).toMatchObject({ code: '/m/r', support: 3, tp: 1, fn: 2, fp: 0 })
  })

  it('scores a perfect submission 1 and an empty one 0', async () => {
    const perfect = write('perfect.csv', ['image_id,labels', `${d},/m/r`, `${c},/m/r /m/q`, `${b},/m/p`, `${a},/m/r /m/q /m/p`])
    expect((await evaluateSubmission(truth, perfect)).meanF2).toBe(1)
    const empty = write('empty.csv', ['image_id,labels'])
    expect(await evaluateSubmission(truth, empty)).toMatchObject({ meanF2: 0, images: 4, missingImages: 4 })
  })

  it('skips malformed rows, counted, with file:line', async () => {
    const submission = write('bad-rows.csv', ['image_id,labels', `${a},/m/p,extra`, `NOT-AN-ID,/m/p`, `${b},dog`, `${b},/m/p`])
    const report = await evaluateSubmission(truth, submission)
    expect(report.problems.byKind).toEqual({ 'column-count': 1, 'bad-image-id': 1, 'bad-class-code': 1 })
    expect(report.problems.examples.map((p) => p.where)).toEqual([`${submission}:2`, `${submission}:3`, `${submission}:4`])
    expect(report.meanF2).toBeCloseTo(1 / 4, 12)
  })

  it('keeps only the first 20 problems', async () => {
    const lines = ['image_id,labels', ...Array.from({ length: 30 }, () => `${a},nope`)]
    const report = await evaluateSubmission(truth, write('many-bad.csv', lines))
    expect(report.problems.total).toBe(30)
    expect(report.problems.examples).toHaveLength(20)
  })

  it('rejects a submission without its header, naming the file and line', async () => {
    const missing = write('no-header.csv', [`${a},/m/p`])
    await expect(evaluateSubmission(truth, missing)).rejects.toThrow(`${missing}:1: expected the header image_id,labels, found a data row`)
    const wrong = write('wrong-header.csv', ['ImageId,PredictionString', `${a},/m/p`])
    await expect(evaluateSubmission(truth, wrong)).rejects.toThrow(`${wrong}:1: expected the header image_id,labels, found ImageId,PredictionString`)
    const empty = write('nothing.csv', [])
    await expect(evaluateSubmission(truth, empty)).rejects.toThrow('the file is empty')
  })

  it('rejects a solution file with a header', async () => {
    const withHeader = write('truth-header.csv', ['image_id,labels', `${a},/m/p`])
    const submission = write('ok.csv', ['image_id,labels', `${a},/m/p`])
    await expect(evaluateSubmission(withHeader, submission)).rejects.toThrow(`${withHeader}:1: a solution file has no header`)
  })

  it('reports repeated ids in the solution and keeps the first', async () => {
    const repeated = write('truth-repeated.csv', [`${a},/m/p`, `${a},/m/q`])
    const report = await evaluateSubmission(repeated, write('sub-p.csv', ['image_id,labels', `${a},/m/p`]))
    expect(report).toMatchObject({ meanF2: 1, images: 1 })
    expect(report.problems.byKind).toEqual({ 'repeated-id': 1 })
  })
})
