import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnalysisArgs } from '../../../../src/shared/api/evaluation'
import { EvaluationService, exportFileName } from '../../../../src/main/services/evaluation/evaluation-service'
import { fixtureWorkspace, type FixtureWorkspace } from '../../../helpers/fixture-workspace'
import { insertPredictionSet, knownErrors, type KnownErrors } from './known-errors'
import { readTuning } from './noisy-scores'

const truth = readTuning()
const args = (set = 'known'): AnalysisArgs => ({ set, truth: 'tuning', minLabels: 1, maxLabels: 10, minSupport: 5, threshold: null })
let fixture: FixtureWorkspace
let known: KnownErrors
let service: EvaluationService

beforeAll(async () => {
  fixture = await fixtureWorkspace(12)
  known = knownErrors(truth)
  insertPredictionSet(fixture.workspace.db, 'known', known.rows)
  // A test image the set does not score: the export fills its row.
  fixture.workspace.db.prepare("INSERT INTO images (image_key, split) VALUES ('ffffffffffffffffffffffff', 'test')").run()
  service = new EvaluationService(fixture.workspace.db, fixture.workspace.dir)
})
afterAll(() => fixture?.remove())

describe('EvaluationService', () => {
  it('lists prediction sets with their counts', async () => {
    const [set] = service.listSets()
    expect(set).toMatchObject({ name: 'known', kind: 'scores', rows: known.rows.length, images: 999, tuningImages: 999, humanImages: 0 })
  })

  it('analyses a set against the tuning labels with the thresholds the export fits', async () => {
    const summary = await service.summary(args())
    expect(summary).toMatchObject({ set: 'known', images: 999, unscoredTuningImages: 1, imagesWithFp: 2, imagesWithFn: 2 })
    expect(summary.thresholds).toMatchObject({ source: 'fitted', applied: 'global', perClassCount: 0 })
    expect(summary.thresholds.global).toBeGreaterThan(0.3)
    expect(summary.thresholds.global).toBeLessThanOrEqual(0.9)
    expect(summary.meanF2).toBeCloseTo((997 + known.secondF2) / 999, 10)
    expect(summary.thresholds.fit!.globalF2).toBeCloseTo(summary.meanF2, 10)
    // the second call is the cached analysis, with the same figures
    expect((await service.analysis(args())).cached).toBe(true)
    expect(await service.summary(args())).toEqual(summary)
  })

  it('counts the known false positive and false negative per class, and sorts and pages the table', async () => {
    const rows = (await service.analysis(args())).analysis.classPage('fp', true, 0, 500).items
    const tortoise = rows.find((row) => row.code === known.fp.code)!
    expect(tortoise).toMatchObject({ name: 'Tortoise', tp: 0, fp: 2, fn: 0, support: 0, precision: 0, f2: 0 })
    expect(rows[0]!.code).toBe(known.fp.code)
    const person = rows.find((row) => row.code === known.fn.code)!
    const support = [...truth.values()].filter((labels) => labels.includes(known.fn.code)).length - (truth.get(known.unscored)!.includes(known.fn.code) ? 1 : 0)
    expect(person).toMatchObject({ name: 'Person', fn: 2, fp: 0, support, tp: support - 2 })
    expect(person.recall).toBeCloseTo((support - 2) / support, 10)
    const analysis = (await service.analysis(args())).analysis
    const byF2 = analysis.classPage('f2', false, 0, 3)
    expect(byF2.items.map((row) => row.f2)).toEqual([...byF2.items.map((row) => row.f2)].sort((a, b) => a - b))
    const all = analysis.classPage('support', true, 0, 500).items
    expect(analysis.classPage('support', true, 10, 5).items).toEqual(all.slice(10, 15))
    expect(all.map((row) => row.support)).toEqual([...all.map((row) => row.support)].sort((a, b) => b - a))
  })

  it('ranks images worst first, filters a class’s FPs and FNs, and pages them', async () => {
    const analysis = (await service.analysis(args())).analysis
    const page = analysis.imagePage(null, 'fp', 0, 3)
    expect(page.total).toBe(999)
    expect(page.items.map((item) => item.imageId).slice(0, 2)).toEqual([known.worst, known.second])
    expect(page.items[0]).toMatchObject({ f2: 0, tp: 0, fp: 1, fn: 1 })
    expect(page.items[1]!.f2).toBeCloseTo(known.secondF2, 10)
    expect(page.items[2]!.f2).toBe(1)
    expect(analysis.imagePage(null, 'fp', 1, 1).items).toEqual([page.items[1]])
    expect(analysis.imagePage(known.fp.code, 'fp', 0, 10).items.map((item) => item.imageId)).toEqual([known.worst, known.second])
    expect(analysis.imagePage(known.fn.code, 'fn', 0, 10).items.map((item) => item.imageId)).toEqual([known.worst, known.second])
    expect(analysis.imagePage(known.fn.code, 'fp', 0, 10).total).toBe(0)
    expect(analysis.imagePage(known.fn.code, 'tp', 0, 1).total).toBeGreaterThan(0)
  })

  it('names the confused pair: Tortoise predicted where Person was missed', async () => {
    const pairs = (await service.analysis(args())).analysis.pairPage(0, 5)
    expect(pairs.total).toBe(1)
    expect(pairs.items[0]).toEqual({ predicted: known.fp, missed: known.fn, images: 2 })
  })

  it('splits one image’s labels into TP, FP and FN with their scores', async () => {
    const analysis = (await service.analysis(args())).analysis
    const worst = analysis.image(known.worst)
    expect(worst.f2).toBe(0)
    expect(worst.labels).toEqual([
      { ...known.fp, outcome: 'fp', score: 0.95, threshold: expect.any(Number) },
      { ...known.fn, outcome: 'fn', score: null, threshold: expect.any(Number) },
    ])
    const second = analysis.image(known.second)
    const tp = second.labels.filter((label) => label.outcome === 'tp')
    expect(tp.map((label) => label.code).sort()).toEqual(truth.get(known.second)!.filter((code) => code !== known.fn.code).sort())
    expect(tp.every((label) => label.score === 0.9 && label.name !== '')).toBe(true)
    expect(() => analysis.image(known.unscored)).toThrow(/not among the tuning images/)
  })

  it('uses a manual threshold when given one, as its own cached analysis', async () => {
    const summary = await service.summary({ ...args(), threshold: 0.2 })
    expect(summary.thresholds).toMatchObject({ source: 'manual', global: 0.2, applied: 'global', fit: null })
    // the 0.3 distractors are now predicted too
    expect(summary.imagesWithFp).toBeGreaterThan(100)
    expect(summary.meanF2).toBeLessThan((await service.summary(args())).meanF2)
  })

  it('refuses unknown sets and bad label policies', async () => {
    await expect(service.summary(args('nope'))).rejects.toThrow(/no prediction set named nope.*known/)
    await expect(service.summary({ ...args(), minLabels: 5, maxLabels: 2 })).rejects.toThrow(/min labels/)
  })

  it('exports a Kaggle CSV into the workspace: every test id once, empty rows filled, validated', async () => {
    const { path, report } = await service.exportKaggle({ ...args(), name: null })
    expect(path).toBe(join(fixture.workspace.dir, 'exports', 'known.csv'))
    expect(report).toMatchObject({ predictions: 'known', applied: 'global', tuningImages: 999, rows: 1001, filledRows: 2, file: path })
    expect(report.validation.valid).toBe(true)
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n')
    expect(lines[0]).toBe('image_id,labels')
    const rows = new Map(lines.slice(1).map((line) => line.split(',') as [string, string]))
    expect(rows.size).toBe(1001)
    expect(rows.get(known.worst)).toBe(known.fp.code)
    expect(rows.get('ffffffffffffffffffffffff')).not.toBe('')
    expect(rows.get(known.unscored)).toBe(rows.get('ffffffffffffffffffffffff'))
    expect((await service.exportKaggle({ ...args(), name: 'second.try' })).path).toBe(join(fixture.workspace.dir, 'exports', 'second.try.csv'))
  })

  it('analyses against the human labels of the images a set scores (a validation split), when asked', async () => {
    const db = fixture.workspace.db
    // every train image with human positives: its true classes at 0.9, plus one absent class at 0.8
    const images = db
      .prepare(
        `SELECT i.image_key AS key, group_concat(c.code) AS codes FROM images i JOIN labels l ON l.image_id = i.id AND l.source IN (1, 2) AND l.confidence = 1
         JOIN classes c ON c.id = l.class_id WHERE i.split = 'train' GROUP BY i.id`,
      )
      .all() as Array<{ key: string; codes: string }>
    expect(images.length).toBeGreaterThan(3)
    const absent = db.prepare("SELECT code FROM classes WHERE name = 'Tortoise'").pluck().get() as string
    const rows: Array<[string, string, number]> = images.flatMap(({ key, codes }) => [...codes.split(',').map((code): [string, string, number] => [key, code, 0.9]), [key, absent, 0.8]])
    insertPredictionSet(db, 'validation', rows)
    expect(service.listSets().find((s) => s.name === 'validation')).toMatchObject({ humanImages: images.length, tuningImages: 0 })
    await expect(service.summary(args('validation'))).rejects.toThrow(/scores none of the tuning images/)
    const summary = await service.summary({ ...args('validation'), truth: 'human', threshold: 0.7 })
    expect(summary.images).toBe(images.length)
    expect(summary.imagesWithFp).toBe(images.length)
    expect(summary.imagesWithFn).toBe(0)
    const fitted = await service.summary({ ...args('validation'), truth: 'human' })
    expect(fitted.meanF2).toBeCloseTo(1, 6) // a threshold between 0.8 and 0.9 separates them exactly
    const tortoise = (await service.analysis({ ...args('validation'), truth: 'human', threshold: 0.7 })).analysis.classPage('fp', true, 0, 1).items[0]!
    expect(tortoise).toMatchObject({ code: absent, fp: images.length, tp: 0 })
  })

  it('makes safe file names from set names', async () => {
    expect(exportFileName('run 3/best')).toBe('run-3-best')
    expect(exportFileName('..')).toBe('submission')
  })
})
