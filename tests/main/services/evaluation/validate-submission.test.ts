import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readKnownCodes, validateSubmission } from '../../../../src/main/services/evaluation/validate-submission'
import { tempDir } from '../../../helpers/temp-dir'

const [a, b, c, x] = ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'cccccccccccccccccccccccc', 'eeeeeeeeeeeeeeee']
const temp = tempDir('oiw-validate-')
afterAll(() => temp.remove())

function write(name: string, lines: string[]): string {
  const file = join(temp.dir, name)
  writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

const sample = write('sample.csv', ['image_id,labels', `${a},/m/01g317`, `${b},/m/01g317`, `${c},/m/01g317`])
const descriptions = write('class-descriptions.csv', ['/m/01g317,Person', '/m/0k4j,Car', '/m/0bt9lr,"Dog, domestic"'])
const trainable = write('classes-trainable.csv', ['label_code', '/m/01g317', '/m/0k4j'])

describe('validateSubmission', () => {
  it('accepts a good submission, empty fields included', async () => {
    const good = write('good.csv', ['image_id,labels', `${a},/m/01g317 /m/0k4j`, `${b},`, `${c},/m/0bt9lr`])
    const report = await validateSubmission(good, { sample, classes: descriptions })
    expect(report).toMatchObject({ valid: true, rows: 3, sampleIds: 3, classes: { count: 3, format: 'class-descriptions' } })
    expect(report.problems.total).toBe(0)
  })

  it('reports duplicate, unknown and missing ids with file:line', async () => {
    const bad = write('ids.csv', ['image_id,labels', `${a},/m/01g317`, `${a},/m/0k4j`, `${x},/m/0k4j`])
    const report = await validateSubmission(bad, { sample })
    expect(report.valid).toBe(false)
    expect(report.problems.byKind).toEqual({ 'duplicate-id': 1, 'unknown-id': 1, 'missing-id': 2 })
    expect(report.problems.examples).toContainEqual({ kind: 'duplicate-id', where: `${bad}:3`, message: `image ${a} is already on line 2` })
    expect(report.problems.examples).toContainEqual(expect.objectContaining({ kind: 'missing-id', where: `${sample}:3` }))
  })

  it('checks codes against classes-trainable.csv, detected by its header', async () => {
    expect((await readKnownCodes(trainable)).format).toBe('classes-trainable')
    const sub = write('codes.csv', ['image_id,labels', `${a},/m/01g317 /m/0bt9lr`, `${b},/m/0k4j,/m/01g317`, `${c},/m/0k4j  /m/0k4j`])
    const report = await validateSubmission(sub, { classes: trainable })
    expect(report.classes).toEqual({ count: 2, format: 'classes-trainable' })
    expect(report.problems.byKind).toEqual({ 'unknown-class': 1, 'column-count': 1 })
    expect(report.warnings.byKind).toEqual({ 'duplicate-label': 1, 'extra-spaces': 1 })
    expect(report.problems.examples[0]).toEqual({ kind: 'unknown-class', where: `${sub}:2`, message: '/m/0bt9lr is not a known class' })
  })

  it('flags a missing or wrong header, bad ids and codes, and keeps 20 examples per kind', async () => {
    const noHeader = write('no-header.csv', [`${a},/m/01g317`])
    expect((await validateSubmission(noHeader)).problems.byKind).toEqual({ 'bad-header': 1 })
    expect((await validateSubmission(noHeader)).rows).toBe(1)
    const wrong = write('wrong.csv', ['ImageId,labels', `${a},dog`, 'XYZ,/m/01g317', ...Array.from({ length: 25 }, () => `${b},cat`)])
    const report = await validateSubmission(wrong)
    expect(report.problems.byKind).toEqual({ 'bad-header': 1, 'bad-class-code': 26, 'bad-image-id': 1, 'duplicate-id': 24 })
    expect(report.problems.examples.filter((p) => p.kind === 'bad-class-code')).toHaveLength(20)
    expect(report.problems.examples[0]!.where).toBe(`${wrong}:1`)
    expect((await validateSubmission(write('empty.csv', []))).problems.byKind).toEqual({ 'bad-header': 1 })
  })
})
