import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnalysisArgs, SetComparison } from '../../../../src/shared/api/evaluation'
import { planIndex } from '../../../../src/main/services/catalog/index-plan'
import { runIndex } from '../../../../src/main/services/catalog/run-index'
import type { ComparePage } from '../../../../src/main/services/evaluation/compare-sets'
import { EvaluationService } from '../../../../src/main/services/evaluation/evaluation-service'
import { fixtureWorkspace, type FixtureWorkspace } from '../../../helpers/fixture-workspace'
import { tempDir } from '../../../helpers/temp-dir'
import { knownChanges, type KnownChanges } from './known-changes'
import { knownErrors, writeScoresCsv, type KnownErrors } from './known-errors'
import { readTuning } from './noisy-scores'

const temp = tempDir('oiw-compare-sets-')
const truth = readTuning()
const args = (set: string): AnalysisArgs => ({ set, truth: 'tuning', minLabels: 1, maxLabels: 10, minSupport: 5, threshold: null })
const page: ComparePage = { sort: 'f2', side: 'change', descending: false, offset: 0, limit: 500 }
let fixture: FixtureWorkspace
let known: KnownErrors
let changes: KnownChanges
let service: EvaluationService

/** Tuning images among `ids` that truly have the class. */
const support = (code: string, ids: readonly string[]) => ids.filter((id) => truth.get(id)!.includes(code)).length
/** F2 of a class (or image) with precision 1 and this recall. */
const f2OfRecall = (recall: number) => (5 * recall) / (4 + recall)

beforeAll(async () => {
  fixture = await fixtureWorkspace(12)
  known = knownErrors(truth)
  changes = knownChanges(truth, known)
  writeScoresCsv(join(temp.dir, 'before.csv'), known.rows)
  writeScoresCsv(join(temp.dir, 'after.csv'), changes.rows)
  await runIndex(fixture.workspace.db, planIndex([], { scores: [`before=${join(temp.dir, 'before.csv')}`, `after=${join(temp.dir, 'after.csv')}`] }))
  service = new EvaluationService(fixture.workspace.db, fixture.workspace.dir)
})
afterAll(() => {
  service?.dispose()
  fixture?.remove()
  temp.remove()
})

describe('compareSets', () => {
  let comparison: SetComparison
  const row = (code: string) => comparison.classes.items.find((item) => item.code === code)!

  it('analyses each set as the single-set view does, and counts the images only one set scores', async () => {
    comparison = await service.compareSets({ ...args('before'), compareWith: 'after', ...page })
    expect(comparison.a).toEqual(await service.summary(args('before')))
    expect(comparison.b).toEqual(await service.summary(args('after')))
    expect(comparison.images).toEqual({ both: 998, onlyA: 1, onlyB: 1 })
    expect(comparison.a.meanF2).toBeCloseTo((997 + known.secondF2) / 999, 10)
    const droppedF2 = changes.dropped.map((id) => f2OfRecall((truth.get(id)!.length - 1) / truth.get(id)!.length))
    expect(comparison.b.meanF2).toBeCloseTo((997 + droppedF2[0]! + droppedF2[1]!) / 999, 10)
  })

  it('finds the class B got right better and the class it dropped worse, by the right amounts', () => {
    const idsA = [...truth.keys()].filter((id) => id !== changes.onlyB)
    const idsB = [...truth.keys()].filter((id) => id !== changes.onlyA)
    const person = row(changes.better)
    const [personA, personB] = [support(changes.better, idsA), support(changes.better, idsB)]
    expect(person.a).toMatchObject({ name: 'Person', support: personA, tp: personA - 2, fn: 2, fp: 0, precision: 1 })
    expect(person.b).toMatchObject({ support: personB, tp: personB, fn: 0, fp: 0, precision: 1, recall: 1, f2: 1 })
    expect(person.change.f2).toBeCloseTo(1 - f2OfRecall((personA - 2) / personA), 12)
    expect(person.change.recall).toBeCloseTo(1 - (personA - 2) / personA, 12)
    expect(person.change).toMatchObject({ precision: 0, support: personB - personA, fn: -2 })

    const worse = row(changes.worse)
    const [worseA, worseB] = [support(changes.worse, idsA), support(changes.worse, idsB)]
    expect(worse.a).toMatchObject({ support: worseA, tp: worseA, fn: 0, f2: 1 })
    expect(worse.b).toMatchObject({ support: worseB, tp: worseB - 2, fn: 2, fp: 0 })
    expect(worse.change.f2).toBeCloseTo(f2OfRecall((worseB - 2) / worseB) - 1, 12)
    expect(worse.change.threshold).toBeCloseTo(worse.b.threshold - worse.a.threshold, 12)

    // Tortoise: two false positives in A, absent from B's analysis: zero there, its F2 unchanged at 0
    expect(row(known.fp.code)).toMatchObject({ a: { fp: 2, f2: 0 }, b: { fp: 0, f2: 0, support: 0, threshold: comparison.b.thresholds.global }, change: { fp: -2, f2: 0 } })
    expect([comparison.better, comparison.worse, comparison.same]).toEqual([1, 1, comparison.classes.total - 2])
  })

  it('sorts by the change, either side or the name, and pages', async () => {
    expect(comparison.classes.items[0]!.code).toBe(changes.worse)
    const compare = (more: Partial<ComparePage>) => service.compareSets({ ...args('before'), compareWith: 'after', ...page, ...more })
    expect((await compare({ descending: true })).classes.items[0]!.code).toBe(changes.better)
    const bySupport = (await compare({ sort: 'support', side: 'a', descending: true })).classes.items.map((item) => item.a.support)
    expect(bySupport).toEqual([...bySupport].sort((x, y) => y - x))
    const byName = (await compare({ sort: 'name' })).classes.items
    expect(byName.map((item) => item.name)).toEqual([...byName.map((item) => item.name)].sort((x, y) => x.localeCompare(y)))
    expect((await compare({ offset: 1, limit: 2 })).classes).toMatchObject({ total: comparison.classes.total, offset: 1, items: comparison.classes.items.slice(1, 3) })
  })

  it('refuses a set to compare with that does not exist', async () => {
    await expect(service.compareSets({ ...args('before'), compareWith: 'nope', ...page })).rejects.toThrow(/no prediction set named nope/)
  })
})
