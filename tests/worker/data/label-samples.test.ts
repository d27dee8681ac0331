import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../../src/main/db/connection'
import { parseRunConfig, type RunConfigInput } from '../../../src/shared/training/config'
import { labelScanSql } from '../../../src/worker/data/label-samples'
import { knownOf, loadLabelSamples, targetsOf, validationHash, type LabelSamples, type LabelSplit } from '../../../src/worker/data/catalog-samples'
import { fixtureWorkspace, type FixtureWorkspace } from '../../helpers/fixture-workspace'

let fixture: FixtureWorkspace
let db: Db

beforeAll(async () => {
  fixture = await fixtureWorkspace(40)
  db = fixture.workspace.db
})
afterAll(() => fixture.remove())

const load = (input: RunConfigInput, machineLabels?: { use: boolean; minConfidence?: number; weight?: number }): LabelSamples => {
  const config = parseRunConfig({ ...input, stages: [{ kind: 'labels', ...(machineLabels ? { machineLabels } : {}) }] })
  return loadLabelSamples(db, config, config.stages[0]!)
}

const rowOf = (split: LabelSplit, index: number): Float32Array => {
  const out = new Float32Array(split.classCount)
  targetsOf(split, index, out, 0)
  return out
}

/** What the catalog says of one image for the head's classes: human max, else machine ≥ min × weight. */
function expectedRow(samples: LabelSamples, imageId: number, machine: { minConfidence: number; weight: number } | null): Float32Array {
  const index = new Map(samples.classes.map((c, i) => [c.id, i]))
  const out = new Float32Array(samples.classes.length)
  const rows = db.prepare('SELECT class_id AS classId, source, confidence FROM labels WHERE image_id = ? AND source IN (1, 2, 3)').all(imageId) as Array<{ classId: number; source: number; confidence: number }>
  const humanClasses = new Set(rows.filter((r) => r.source !== 3).map((r) => r.classId))
  for (const r of rows) {
    const i = index.get(r.classId)
    if (i === undefined) continue
    if (r.source !== 3) out[i] = Math.max(out[i]!, r.confidence)
    else if (machine && !humanClasses.has(r.classId) && r.confidence >= machine.minConfidence) out[i] = r.confidence * machine.weight
  }
  return out
}

describe('loadLabelSamples', () => {
  it('gives human positives 1, verified negatives and unlabelled 0, and machine labels only when asked', () => {
    const plain = load({ classes: 'all', validationFraction: 0.25 })
    expect(plain.train.images.length).toBeGreaterThan(10)
    for (let i = 0; i < plain.train.images.length; i++) {
      expect(Array.from(rowOf(plain.train, i)), plain.train.images[i]!.key).toEqual(Array.from(expectedRow(plain, plain.train.images[i]!.id, null)))
    }
    expect(plain.train.human.every((h) => h === 1)).toBe(true)
    expect(Array.from(plain.train.values).filter((v) => v === 0).length).toBeGreaterThan(0) // verified negatives are explicit

    const machine = { minConfidence: 0.3, weight: 0.5 }
    const soft = load({ classes: 'all', validationFraction: 0.25 }, { use: true, ...machine })
    expect(soft.train.images.map((i) => i.id)).toEqual(plain.train.images.map((i) => i.id))
    for (let i = 0; i < soft.train.images.length; i++) {
      const actual = Array.from(rowOf(soft.train, i))
      const expected = Array.from(expectedRow(soft, soft.train.images[i]!.id, machine))
      actual.forEach((v, c) => expect(v).toBeCloseTo(expected[c]!, 6))
    }
    const softTargets = Array.from(soft.train.values).filter((_, e) => soft.train.human[e] === 0)
    expect(softTargets.length).toBeGreaterThan(0)
    for (const v of softTargets) expect(v).toBeGreaterThanOrEqual(0.15 - 1e-6)
    expect(soft.validation.human.every((h) => h === 1)).toBe(true) // validation: human labels only
  })

  it('marks human-labelled classes as known', () => {
    const samples = load({ classes: 'all' }, { use: true })
    const known = new Uint8Array(samples.train.classCount)
    knownOf(samples.train, 0, known, 0)
    const targets = rowOf(samples.train, 0)
    const humanClasses = new Set((db.prepare('SELECT class_id FROM labels WHERE image_id = ? AND source IN (1, 2)').pluck().all(samples.train.images[0]!.id) as number[]))
    samples.classes.forEach((c, i) => expect(known[i]).toBe(humanClasses.has(c.id) ? 1 : 0))
    expect(targets.length).toBe(samples.classes.length)
  })

  it('selects head classes by kind and minimum human-positive training images, ordered by code', () => {
    const all = load({ classes: 'all' })
    const codes = all.classes.map((c) => c.code)
    expect(codes).toEqual([...codes].sort())
    for (const c of all.classes) expect(c.trainImages).toBeGreaterThanOrEqual(1)
    const frequent = load({ classes: 'all', minClassImages: 3 })
    expect(frequent.classes.map((c) => c.code)).toEqual(all.classes.filter((c) => c.trainImages >= 3).map((c) => c.code))
    const boxable = load({ classes: 'boxable' })
    const boxableIds = new Set(db.prepare('SELECT id FROM classes WHERE boxable = 1').pluck().all() as number[])
    for (const c of boxable.classes) expect(boxableIds.has(c.id)).toBe(true)
    // counted on the training part: the human positives of train images outside validation
    const person = all.classes[0]!
    const counted = db
      .prepare("SELECT DISTINCT i.image_key FROM labels l JOIN images i ON i.id = l.image_id WHERE l.class_id = ? AND l.source IN (1, 2) AND l.confidence = 1 AND i.split = 'train' AND i.path IS NOT NULL")
      .pluck()
      .all(person.id) as string[]
    expect(person.trainImages).toBe(counted.filter((key) => validationHash(key) >= 0.1).length)
  })

  it('splits training and validation disjointly and stably by the image key hash', () => {
    const a = load({ classes: 'all', validationFraction: 0.3 })
    const b = load({ classes: 'all', validationFraction: 0.3 })
    expect(b.train.images).toEqual(a.train.images)
    expect(b.validation.images).toEqual(a.validation.images)
    const train = new Set(a.train.images.map((i) => i.id))
    for (const image of a.validation.images) expect(train.has(image.id)).toBe(false)
    for (const image of a.validation.images) expect(validationHash(image.key)).toBeLessThan(0.3)
    for (const image of a.train.images) expect(validationHash(image.key)).toBeGreaterThanOrEqual(0.3)
    const share = a.validation.images.length / (a.train.images.length + a.validation.images.length)
    expect(Math.abs(share - 0.3)).toBeLessThan(0.2)
    // the hash itself is uniform: over many keys the share is within 1%
    const keys = Array.from({ length: 20_000 }, (_, i) => (i * 2654435761 >>> 0).toString(16).padStart(16, '0'))
    expect(Math.abs(keys.filter((k) => validationHash(k) < 0.3).length / keys.length - 0.3)).toBeLessThan(0.01)
  })

  it('caps each side to its first images in hash order', () => {
    const full = load({ classes: 'all', validationFraction: 0.3 })
    const capped = load({ classes: 'all', validationFraction: 0.3, maxImages: 5, maxValidationImages: 2 })
    expect(capped.train.images).toEqual(full.train.images.slice(0, 5))
    expect(capped.validation.images).toEqual(full.validation.images.slice(0, 2))
    const hashes = full.train.images.map((i) => validationHash(i.key))
    expect(hashes).toEqual([...hashes].sort((x, y) => x - y))
  })

  it('reads labels in primary-key order, without a sort', () => {
    for (const machine of [false, true]) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${labelScanSql(machine)}`).all() as Array<{ detail: string }>).map((r) => r.detail).join('\n')
      expect(plan).toMatch(/SCAN labels/)
      expect(plan).not.toMatch(/TEMP B-TREE|labels_by_class/)
    }
  })

  it('leaves out images without a file and images of other splits', () => {
    const before = load({ classes: 'all' })
    const gone = before.train.images[0]!
    const path = db.prepare('SELECT path FROM images WHERE id = ?').pluck().get(gone.id)
    db.prepare('UPDATE images SET path = NULL WHERE id = ?').run(gone.id)
    try {
      const after = load({ classes: 'all' })
      expect(after.train.images.map((i) => i.id)).not.toContain(gone.id)
      const splits = new Set(after.train.images.map((i) => db.prepare('SELECT split FROM images WHERE id = ?').pluck().get(i.id)))
      expect([...splits]).toEqual(['train'])
    } finally {
      db.prepare('UPDATE images SET path = ? WHERE id = ?').run(path, gone.id)
    }
  })
})
