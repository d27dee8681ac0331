import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { planIndex } from '../../../../src/main/services/catalog/index-plan'
import { runIndex } from '../../../../src/main/services/catalog/run-index'
import { evaluateSubmission } from '../../../../src/main/services/evaluation/evaluate-submission'
import { exportKaggle } from '../../../../src/main/services/evaluation/export-kaggle'
import { estimateTestPrior } from '../../../../src/main/services/evaluation/test-prior'
import { Random } from '../../../../src/shared/prng'
import { fixtureWorkspace, type FixtureWorkspace } from '../../../helpers/fixture-workspace'
import { tempDir } from '../../../helpers/temp-dir'
import { readTuning } from './noisy-scores'

/**
 * A model whose scores are calibrated under the tuning images' class prior (each class's score is the Bayes
 * posterior of a feature drawn from N(+1, 1) when present and N(−1, 1) when absent), scoring 300 tuning images
 * and 700 test images that look the same but have another class prior: the four commonest tuning classes 2.5
 * times rarer, the next four 2.5 times commoner. The export never reads the test truth; the test scores
 * its CSV against it.
 */
const temp = tempDir('oiw-shift-export-')
const tuning = readTuning()
const random = new Random(41)
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random.float(0, 1))) * Math.cos(2 * Math.PI * random.float(0, 1))
const logit = (p: number) => Math.log(p / (1 - p))
/** The posterior under prior `prior` of a feature drawn for a present or absent class: log-likelihood ratio 2x. */
const score = (present: boolean, prior: number) => 1 / (1 + Math.exp(-(2 * ((present ? 1 : -1) + gaussian()) + logit(prior))))
let fixture: FixtureWorkspace
let classes: string[]
const testTruth = new Map<string, string[]>()
const testPrior = new Map<string, number>()
const sample = join(temp.dir, 'stage_2_sample_submission.csv')
const truthFile = join(temp.dir, 'solution.csv')

beforeAll(async () => {
  fixture = await fixtureWorkspace(24)
  const counts = new Map<string, number>()
  for (const labels of tuning.values()) for (const code of labels) counts.set(code, (counts.get(code) ?? 0) + 1)
  const byCount = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([code]) => code)
  classes = byCount.slice(0, 8)
  // an image none of the eight is drawn for gets this unscored class: every test image keeps a label, and
  // no image is dropped (dropping them would raise the eight's shares past what was drawn)
  const other = byCount[8]!
  const tuningPrior = new Map(classes.map((code) => [code, counts.get(code)! / tuning.size]))
  classes.forEach((code, i) => testPrior.set(code, i < 4 ? tuningPrior.get(code)! / 2.5 : Math.min(0.6, 2.5 * tuningPrior.get(code)!)))
  const lines = ['image_id,label_code,score']
  for (const [id, labels] of [...tuning].slice(0, 300)) for (const code of classes) lines.push(`${id},${code},${score(labels.includes(code), tuningPrior.get(code)!).toFixed(5)}`)
  for (let i = 0; i < 700; i++) {
    const id = `${random.hex32()}${random.hex32()}${random.hex32()}`.slice(0, 16)
    const drawn = classes.filter((code) => random.chance(testPrior.get(code)!))
    const labels = drawn.length > 0 ? drawn : [other]
    testTruth.set(id, labels)
    for (const code of classes) lines.push(`${id},${code},${score(labels.includes(code), tuningPrior.get(code)!).toFixed(5)}`)
  }
  expect(testTruth.size).toBe(700)
  const scores = join(temp.dir, 'calibrated.csv')
  writeFileSync(scores, `${lines.join('\n')}\n`)
  writeFileSync(sample, `image_id,labels\n${[...testTruth.keys()].map((id) => `${id},${classes[0]}`).join('\n')}\n`)
  writeFileSync(truthFile, `${[...testTruth].map(([id, labels]) => `${id},${labels.join(' ')}`).join('\n')}\n`)
  await runIndex(fixture.workspace.db, planIndex([`sample-submission=${sample}`], { scores: [`calibrated=${scores}`] }))
})
afterAll(() => {
  fixture?.remove()
  temp.remove()
})

const exportWith = (name: string, adaptation?: Parameters<typeof exportKaggle>[1]['adaptation']) =>
  exportKaggle(fixture.workspace.db, { predictions: 'calibrated', out: join(temp.dir, `${name}.csv`), sample, ...(adaptation ? { adaptation } : {}) })

describe('export against a shifted test set', () => {
  it("estimates the test images' prior from their scores alone and scores better with it", async () => {
    const plain = await exportWith('plain')
    const adapted = await exportWith('prior', { priorShift: true, decision: 'thresholds', shrink: 0, hierarchy: false })
    expect(plain.adaptation).toBeUndefined()
    const prior = adapted.adaptation!.prior!
    expect(prior.targetImages).toBe(testTruth.size)
    expect(adapted.tuningImages).toBe(300)
    const estimate = estimateTestPrior(fixture.workspace.db, 'calibrated')
    let estimateError = 0
    let tuningError = 0
    for (const code of classes) {
      // within 0.04 of its share of the test images (drawn at 0.4 or 2.5 times the tuning share; the estimate may move 4 times)
      const share = [...testTruth.values()].filter((labels) => labels.includes(code)).length / testTruth.size
      const { tuning: before, estimatedTest } = estimate.classes.get(code)!
      expect(Math.abs(estimatedTest - share), code).toBeLessThan(0.04)
      estimateError += Math.abs(estimatedTest - share)
      tuningError += Math.abs(before - share)
    }
    // and far nearer than the tuning shares are
    expect(estimateError).toBeLessThan(tuningError / 4)
    expect(estimate.labelsPerImage.estimatedTest).toBeGreaterThan(estimate.labelsPerImage.tuning)
    expect(prior.labelsPerImage.estimatedTest).toBeCloseTo(estimate.labelsPerImage.estimatedTest, 6)
    const before = (await evaluateSubmission(truthFile, plain.file)).meanF2
    const after = (await evaluateSubmission(truthFile, adapted.file)).meanF2
    expect(after).toBeGreaterThan(before + 0.005)
  })

  it('labels rows by expected F2 and reports its cross-validated tuning F2', async () => {
    const report = await exportWith('expected', { priorShift: false, decision: 'expected-f2', shrink: 0, hierarchy: false })
    const f2 = report.adaptation!.expectedF2CrossValidated!
    expect(f2).toBeGreaterThan(0.3)
    expect(f2).toBeLessThanOrEqual(1)
    expect(report.validation.valid).toBe(true)
  })

  it('chooses the shrinkage of per-class thresholds by cross-validation', async () => {
    const report = await exportWith('shrink', { priorShift: false, decision: 'thresholds', shrink: 'auto', hierarchy: false })
    expect([0, 2, 5, 10, 20, 50]).toContain(report.adaptation!.shrink)
    // the demo catalog has the Open Images hierarchy: classes shrink toward their parent's threshold where it has one
    expect(report.adaptation!.shrinkTowardParents).toBe(true)
  })
})
