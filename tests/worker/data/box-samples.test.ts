import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../../src/main/db/connection'
import { parseRunConfig, type RunConfigInput } from '../../../src/shared/training/config'
import { boxSampleAt, loadBoxSamples, validationHash, type BoxSamples } from '../../../src/worker/data/catalog-samples'
import { fixtureWorkspace, type FixtureWorkspace } from '../../helpers/fixture-workspace'

let fixture: FixtureWorkspace
let db: Db

beforeAll(async () => {
  fixture = await fixtureWorkspace(32)
  db = fixture.workspace.db
  // the demo draws no group-of or tiny boxes: make one of each
  const [first, second] = db.prepare('SELECT id FROM boxes ORDER BY id LIMIT 2').pluck().all() as number[]
  db.prepare('UPDATE boxes SET is_group_of = 1 WHERE id = ?').run(first)
  db.prepare('UPDATE boxes SET x_max = x_min + 0.05, y_max = y_min + 0.1 WHERE id = ?').run(second)
})
afterAll(() => fixture.remove())

const load = (input: RunConfigInput = {}): BoxSamples => {
  const config = parseRunConfig({ ...input, stages: [{ kind: 'boxes' }] })
  return loadBoxSamples(db, config, config.stages[0]!)
}

describe('loadBoxSamples', () => {
  it('has one sample per human, non-group box of at least 1% of the image on a train image with a file', () => {
    const samples = load({ validationFraction: 0.25 })
    const expected = db
      .prepare(
        `SELECT count(*) FROM boxes b JOIN images i ON i.id = b.image_id JOIN classes c ON c.id = b.class_id
         WHERE i.split = 'train' AND i.path IS NOT NULL AND c.boxable = 1 AND b.is_group_of = 0 AND (b.x_max - b.x_min) * (b.y_max - b.y_min) >= 0.01`,
      )
      .pluck()
      .get() as number
    const all = db.prepare('SELECT count(*) FROM boxes').pluck().get() as number
    expect(expected).toBe(all - 2)
    expect(samples.train.count + samples.validation.count).toBe(expected)
    expect(samples.validation.count).toBeGreaterThan(0)
  })

  it('gives each sample its box, class and image as the catalog has them', () => {
    const samples = load()
    const byId = new Map(samples.classes.map((c, i) => [i, c.id]))
    for (let i = 0; i < samples.train.count; i++) {
      const sample = boxSampleAt(samples.train, i)
      const rows = db
        .prepare('SELECT class_id AS classId, x_min AS xMin, x_max AS xMax, y_min AS yMin, y_max AS yMax FROM boxes WHERE image_id = ? AND is_group_of = 0')
        .all(sample.imageId) as Array<{ classId: number; xMin: number; xMax: number; yMin: number; yMax: number }>
      const match = rows.find((r) => r.classId === byId.get(sample.classIndex) && Math.abs(r.xMin - sample.box.xMin) < 1e-6 && Math.abs(r.yMax - sample.box.yMax) < 1e-6)
      expect(match, `sample ${i}`).toBeDefined()
      expect(sample.file).toMatch(/\.jpg$/)
    }
  })

  it('has the boxable classes with boxes, ordered by code, and splits by the label stage’s image hash', () => {
    const samples = load({ validationFraction: 0.3 })
    const codes = samples.classes.map((c) => c.code)
    expect(codes).toEqual([...codes].sort())
    expect(samples.classes.reduce((sum, c) => sum + c.trainBoxes, 0)).toBe(samples.train.count)
    for (const image of samples.validation.images) expect(validationHash(image.key)).toBeLessThan(0.3)
    for (const image of samples.train.images) expect(validationHash(image.key)).toBeGreaterThanOrEqual(0.3)
    expect(load({ validationFraction: 0.3 }).train.images).toEqual(samples.train.images)
  })

  it('caps images, keeping all boxes of the kept ones', () => {
    const full = load()
    const capped = load({ maxImages: 3 })
    expect(capped.train.images).toEqual(full.train.images.slice(0, 3))
    const boxesOfFirst3 = Array.from(full.train.imageIndexes).filter((i) => i < 3).length
    expect(capped.train.count).toBe(boxesOfFirst3)
  })
})
