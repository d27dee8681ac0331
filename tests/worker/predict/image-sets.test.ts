import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../../src/main/db/connection'
import { parseRunConfig } from '../../../src/shared/training/config'
import { loadLabelSamples, validationHash } from '../../../src/worker/data/catalog-samples'
import { inImageSet, listImageSet, readImageSetTruth } from '../../../src/worker/predict/image-sets'
import { fixtureWorkspace, type FixtureWorkspace } from '../../helpers/fixture-workspace'

let fixture: FixtureWorkspace
let db: Db
const fraction = 0.3

beforeAll(async () => {
  fixture = await fixtureWorkspace(40)
  db = fixture.workspace.db
})
afterAll(() => fixture.remove())

describe('image sets', () => {
  it('puts a train image in validation or train by the trainer’s hash, never both', () => {
    const key = '000a1249af2bc5f0'
    const held = validationHash(key) < fraction
    expect(inImageSet('validation', 'train', key, fraction)).toBe(held)
    expect(inImageSet('train', 'train', key, fraction)).toBe(!held)
    expect(inImageSet('tuning', 'tuning', key, fraction)).toBe(true)
    expect(inImageSet('tuning', 'test', key, fraction)).toBe(false)
    expect(inImageSet('validation', 'tuning', key, 0.99)).toBe(false)
    // the tuning images are test images too
    expect(inImageSet('test', 'test', key, fraction)).toBe(true)
    expect(inImageSet('test', 'tuning', key, fraction)).toBe(true)
    expect(inImageSet('test', 'train', key, fraction)).toBe(false)
  })

  it('splits the train images with a file into validation and train, holding out what the trainer held out', () => {
    const validation = listImageSet(db, 'validation', fraction)
    const train = listImageSet(db, 'train', fraction)
    const all = db.prepare("SELECT id FROM images WHERE split = 'train' AND path IS NOT NULL ORDER BY id").pluck().all() as number[]
    expect(validation.images.length).toBeGreaterThan(0)
    expect(train.images.length).toBeGreaterThan(validation.images.length)
    expect([...validation.images, ...train.images].map((i) => i.id).sort((a, b) => a - b)).toEqual(all)
    for (const image of validation.images) expect(validationHash(image.key)).toBeLessThan(fraction)
    const config = parseRunConfig({ validationFraction: fraction })
    const trainers = loadLabelSamples(db, config, config.stages[0]!)
    const held = new Set(validation.images.map((i) => i.id))
    for (const image of trainers.validation.images) expect(held.has(image.id)).toBe(true)
    for (const image of trainers.train.images) expect(held.has(image.id)).toBe(false)
    expect(validation.images.find((i) => i.id === trainers.validation.images[0]!.id)!.file).toBe(trainers.validation.images[0]!.file)
  })

  it('lists tuning images with a file, counts those without, and reads their tuning labels as truth', () => {
    const before = listImageSet(db, 'tuning', fraction)
    expect(before.images).toEqual([])
    expect(before.withoutFile).toBe(1000)
    const file = db.prepare("SELECT root_id AS rootId, path FROM images WHERE split = 'train' AND path IS NOT NULL LIMIT 1").get() as { rootId: number; path: string }
    const keys = db.prepare("SELECT image_key FROM images WHERE split = 'tuning' ORDER BY id LIMIT 3").pluck().all() as string[]
    for (const key of keys) db.prepare('UPDATE images SET root_id = ?, path = ? WHERE image_key = ?').run(file.rootId, file.path, key)
    const tuning = listImageSet(db, 'tuning', fraction)
    expect(tuning.images.map((i) => i.key)).toEqual(keys)
    expect(tuning.withoutFile).toBe(997)
    const truth = readImageSetTruth(db, 'tuning', tuning.images)!
    expect([...truth.keys()].sort()).toEqual([...keys].sort())
    for (const labels of truth.values()) expect(labels.length).toBeGreaterThan(0)
  })

  it('lists the tuning images among the test images, and takes their tuning labels as the truth of the test set', () => {
    const file = db.prepare("SELECT root_id AS rootId, path FROM images WHERE split = 'train' AND path IS NOT NULL LIMIT 1").get() as { rootId: number; path: string }
    const add = db.prepare("INSERT INTO images (image_key, split, root_id, path) VALUES (?, 'test', ?, ?)")
    const testKeys = ['fedcba9876543210', 'fedcba9876543211'].filter((key) => !db.prepare('SELECT 1 FROM images WHERE image_key = ?').get(key))
    for (const key of testKeys) add.run(key, file.rootId, file.path)
    db.prepare("UPDATE images SET root_id = ?, path = ? WHERE id = (SELECT min(id) FROM images WHERE split = 'tuning')").run(file.rootId, file.path)
    const tuning = listImageSet(db, 'tuning', fraction)
    expect(tuning.images.length).toBeGreaterThan(0)
    const test = listImageSet(db, 'test', fraction)
    expect(test.images.map((i) => i.key).sort()).toEqual([...tuning.images.map((i) => i.key), ...testKeys].sort())
    expect(test.withoutFile).toBe(tuning.withoutFile)
    expect(test.images.map((i) => i.id)).toEqual([...test.images.map((i) => i.id)].sort((a, b) => a - b))
    const truth = readImageSetTruth(db, 'test', test.images)
    expect([...truth.keys()].sort()).toEqual([...readImageSetTruth(db, 'tuning', tuning.images).keys()].sort())
    for (const key of testKeys) expect(truth.has(key)).toBe(false)
  })

  it('takes the human positives as the truth of validation images', () => {
    const validation = listImageSet(db, 'validation', fraction)
    const truth = readImageSetTruth(db, 'validation', validation.images)!
    expect(truth.size).toBeGreaterThan(0)
    for (const [key, labels] of truth) {
      const expected = db
        .prepare("SELECT DISTINCT c.code FROM labels l JOIN classes c ON c.id = l.class_id JOIN images i ON i.id = l.image_id WHERE i.image_key = ? AND l.source IN (1, 2) AND l.confidence = 1")
        .pluck()
        .all(key) as string[]
      expect([...labels].sort()).toEqual(expected.sort())
    }
  })
})
