import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getShift } from '../../../../src/main/db/queries/explore/shift'
import { planIndex } from '../../../../src/main/services/catalog/index-plan'
import { runIndex } from '../../../../src/main/services/catalog/run-index'
import { estimateTestPrior } from '../../../../src/main/services/evaluation/test-prior'
import { estimatedTestPriors } from '../../../../src/main/services/explore/estimated-test-prior'
import { statsHandlers } from '../../../../src/main/services/explore/stats-handlers'
import { apiMethods } from '../../../../src/shared/api/index'
import type { Shift } from '../../../../src/shared/api/stats'
import { fixtureWorkspace, type FixtureWorkspace } from '../../../helpers/fixture-workspace'
import { tempDir } from '../../../helpers/temp-dir'
import { readTuning } from '../evaluation/noisy-scores'
import { writeShiftedScores, type ShiftedScores } from './shifted-scores'

/** stats.shift against prediction sets imported as `oiw index --scores` does, on a real workspace. */
const temp = tempDir('oiw-estimated-test-prior-')
const tuning = readTuning()
let fixture: FixtureWorkspace
let drawn: ShiftedScores

beforeAll(async () => {
  fixture = await fixtureWorkspace(24)
  drawn = writeShiftedScores(temp.dir, tuning)
  await runIndex(fixture.workspace.db, planIndex([drawn.sample], { scores: drawn.scores }))
})
afterAll(() => {
  fixture?.remove()
  temp.remove()
})

const shift = (against: string, limit = 5000): Shift => {
  const handlers = statsHandlers(fixture.workspace.db)
  return handlers['stats.shift'](apiMethods['stats.shift'].args.parse({ against, limit }) as never) as Shift
}

describe('the shift view’s estimated test prior', () => {
  it('estimates a class made much more common on the test images near its share there; the others move far less', () => {
    const s = shift('shifted')
    expect(s.estimatedTestPrior).toMatchObject({ estimated: true, testImages: drawn.testImages, tuningImages: tuning.size })
    const estimate = (code: string) => s.rows.find((r) => r.code === code)!.estimatedTestShare!
    const { boosted, tuningShare, testShare } = drawn
    expect(tuningShare.get(boosted)!).toBeLessThan(0.1)
    expect(testShare.get(boosted)!).toBeGreaterThan(0.4)
    // within 0.08 of the share drawn on the test images (0.48; the tuning share is 0.06)
    expect(Math.abs(estimate(boosted) - testShare.get(boosted)!)).toBeLessThan(0.08)
    // one global calibration pulls the commonest and rarest classes' posteriors toward the mean: within 0.15
    for (const code of drawn.classes.filter((c) => c !== boosted)) expect(Math.abs(estimate(code) - tuningShare.get(code)!), code).toBeLessThan(0.15)
    if (s.estimatedTestPrior?.estimated) expect(s.estimatedTestPrior.labelsPerImage.estimatedTest).toBeGreaterThan(s.estimatedTestPrior.labelsPerImage.tuning)
  })

  it('keeps the rows’ order and limit, and gives the reason where a set scores no test image', () => {
    const all = shift('shifted')
    const three = shift('shifted', 3)
    expect(three.rows.map((r) => r.code)).toEqual(all.rows.slice(0, 3).map((r) => r.code))
    expect(three.rows.every((r) => r.estimatedTestShare !== undefined)).toBe(true)
    const none = shift('tuning-only')
    expect(none.estimatedTestPrior).toEqual({ estimated: false, reason: expect.stringMatching(/scores no test image besides the tuning ones/) })
    expect(none.rows.some((r) => r.estimatedTestShare !== undefined)).toBe(false)
    expect(shift('tuning').estimatedTestPrior).toBeUndefined()
  })

  it('estimates a set once per import, not on every call', async () => {
    const db = fixture.workspace.db
    let calls = 0
    const withPrior = estimatedTestPriors(db, (...args) => (calls++, estimateTestPrior(...args)))
    withPrior(getShift(db, 'shifted', 10))
    withPrior(getShift(db, 'shifted', 5))
    expect(calls).toBe(1)
    await runIndex(db, planIndex([], { scores: [drawn.scores[1]!] }))
    withPrior(getShift(db, 'shifted', 5))
    expect(calls).toBe(2)
  })
})
