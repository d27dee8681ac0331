import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { planIndex } from '../../../../src/main/services/catalog/index-plan'
import { runIndex } from '../../../../src/main/services/catalog/run-index'
import { exportKaggle } from '../../../../src/main/services/evaluation/export-kaggle'
import { fixtureWorkspace, type FixtureWorkspace } from '../../../helpers/fixture-workspace'
import { tempDir } from '../../../helpers/temp-dir'
import { readTuning, writeNoisyScores } from './noisy-scores'
import { resourceDataFile } from '../../../../src/main/resources'
import { evaluateSubmission } from '../../../../src/main/services/evaluation/evaluate-submission'

const temp = tempDir('oiw-export-')
const truth = readTuning()
let fixture: FixtureWorkspace
const scoresFile = join(temp.dir, 'noisy.csv')
const sample = join(temp.dir, 'sample_submission.csv')

beforeAll(async () => {
  fixture = await fixtureWorkspace(24)
  writeNoisyScores(scoresFile, truth)
  writeFileSync(sample, `image_id,labels\n${[...truth.keys()].map((id) => `${id},/m/01g317`).join('\n')}\n`)
})
afterAll(() => {
  fixture?.remove()
  temp.remove()
})

describe('scores import', () => {
  it('imports a scores CSV as a prediction set, counting malformed rows by kind, and replaces it by name', async () => {
    const bad = join(temp.dir, 'bad.csv')
    const id = [...truth.keys()][0]!
    writeFileSync(bad, ['image_id,label_code,score', `${id},/m/01g317,0.5`, `${id},/m/0k4j,1.5`, `${id},/m/0k4j,x`, `nothex,/m/0k4j,0.1`, `${id},car,0.1`, `${id},/m/0k4j`].join('\n'))
    const db = fixture.workspace.db
    for (let i = 0; i < 2; i++) {
      const report = await runIndex(db, planIndex([], { scores: [`bad=${bad}`] }))
      expect(report.files[0]).toMatchObject({ kind: 'scores', rows: 1, skipped: 5 })
      expect(report.files[0]!.skippedByKind).toEqual({ 'out-of-range': 1, 'bad-number': 1, 'bad-image-id': 1, 'bad-class-code': 1, 'column-count': 1 })
    }
    expect(db.prepare("SELECT count(*) FROM prediction_sets WHERE name = 'bad' AND kind = 'scores'").pluck().get()).toBe(1)
    expect(db.prepare("SELECT count(*) FROM predictions p JOIN prediction_sets s ON s.id = p.set_id WHERE s.name = 'bad'").pluck().get()).toBe(1)
  })
})

describe('exportKaggle', () => {
  it('fits thresholds on the tuning labels and writes a submission that validates', async () => {
    await runIndex(fixture.workspace.db, planIndex([], { scores: [`noisy=${scoresFile}`] }))
    const out = join(temp.dir, 'submission.csv')
    const report = await exportKaggle(fixture.workspace.db, { predictions: 'noisy', out, sample, minSupport: 5 })
    expect(report.kind).toBe('scores')
    expect(report.tuningImages).toBe(1000)
    expect(report.validation.valid).toBe(true)
    expect(report.rows).toBe(1000)
    expect(report.filledRows).toBe(0)
    expect(report.perClassF2).toBeGreaterThanOrEqual(report.globalF2)
    expect(Object.keys(report.perClassThresholds).length).toBeGreaterThan(0)
    expect(report.globalF2).toBeGreaterThan(0.5)
    expect(report.crossValidated.perClassF2).toBeGreaterThan(0.5)
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n')
    expect(lines[0]).toBe('image_id,labels')
    const ids = lines.slice(1).map((line) => line.split(',')[0]!)
    expect(new Set(ids).size).toBe(1000)
    expect([...truth.keys()].every((id) => ids.includes(id))).toBe(true)
    expect(lines.slice(1).every((line) => line.split(',')[1]!.length > 0)).toBe(true)
    // The file is written with the thresholds that cross-validate better, and scores what the fit said.
    expect(report.applied).toBe(report.crossValidated.perClassF2 > report.crossValidated.globalF2 ? 'per-class' : 'global')
    const scored = await evaluateSubmission(resourceDataFile('tuning_labels.csv'), out)
    expect(scored.meanF2).toBeCloseTo(report.applied === 'per-class' ? report.perClassF2 : report.globalF2, 10)
  })

  it('writes every test image of the catalog without a sample, and names the sets when one is missing', async () => {
    const out = join(temp.dir, 'all.csv')
    const report = await exportKaggle(fixture.workspace.db, { predictions: 'noisy', out })
    const testImages = fixture.workspace.db.prepare("SELECT count(*) FROM images WHERE split IN ('test', 'tuning')").pluck().get()
    expect(report.rows).toBe(testImages)
    await expect(exportKaggle(fixture.workspace.db, { predictions: 'nope', out })).rejects.toThrow(/no prediction set named nope.*noisy/)
  })

  it('writes the test images only: a set’s scores of other images are left out and counted, ids not in the catalog never imported', async () => {
    const db = fixture.workspace.db
    const train = db.prepare("SELECT image_key FROM images WHERE split = 'train' ORDER BY image_key LIMIT 1").pluck().get() as string
    const unknown = 'f'.repeat(24)
    const mixed = join(temp.dir, 'mixed.csv')
    writeFileSync(mixed, `${readFileSync(scoresFile, 'utf8')}${train},/m/01g317,0.9\n${unknown},/m/01g317,0.9\n`)
    const indexed = await runIndex(db, planIndex([], { scores: [`mixed=${mixed}`] }))
    expect(indexed.files[0]!.skippedByKind).toEqual({ 'unknown-image': 1 })
    const idsOf = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').slice(1).map((line) => line.split(',')[0]!)
    const all = await exportKaggle(db, { predictions: 'mixed', out: join(temp.dir, 'mixed-all.csv') })
    expect(idsOf(all.file)).toEqual(db.prepare("SELECT image_key FROM images WHERE split IN ('test', 'tuning') ORDER BY image_key").pluck().all())
    expect(all.leftOut).toEqual({ images: 1, examples: [train] })
    const sampled = await exportKaggle(db, { predictions: 'mixed', out: join(temp.dir, 'mixed-sample.csv'), sample })
    expect(idsOf(sampled.file)).toEqual([...truth.keys()])
    expect(sampled.leftOut).toEqual({ images: 1, examples: [train] })
  })
})
