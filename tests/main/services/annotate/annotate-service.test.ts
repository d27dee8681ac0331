import Database from 'better-sqlite3'
import { copyFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { refreshClassStats } from '../../../../src/main/db/queries/class-stats'
import { refreshExploreStats } from '../../../../src/main/db/queries/explore/refresh-explore'
import { createAppServices } from '../../../../src/main/app/app-services'
import { AnnotateService } from '../../../../src/main/services/annotate/annotate-service'
import { exportOpenImages } from '../../../../src/main/services/annotate/export-openimages'
import { planIndex } from '../../../../src/main/services/catalog/index-plan'
import { runIndex } from '../../../../src/main/services/catalog/run-index'
import { Workspace } from '../../../../src/main/services/workspace/workspace'
import { verdicts, type Verdict } from '../../../../src/shared/api/annotate'
import { dispatch } from '../../../../src/shared/api/dispatch'
import { ApiError } from '../../../../src/shared/errors'
import { EventHub } from '../../../../src/main/transport/event-hub'
import { fixtureWorkspace, type FixtureWorkspace } from '../../../helpers/fixture-workspace'
import { tempDir } from '../../../helpers/temp-dir'
import { aggregates, box, catalogKeys, mergedState, rid, seeded, type Catalog } from './annotate-fixture'

let fixture: FixtureWorkspace
let service: AnnotateService
let keys: Catalog
const temp = tempDir('oiw-annotate-')

beforeAll(async () => {
  fixture = await fixtureWorkspace(40)
  service = new AnnotateService(fixture.workspace.db, null)
  keys = catalogKeys(fixture.workspace.db)
})
afterAll(() => {
  fixture.remove()
  temp.remove()
})

const db = () => fixture.workspace.db
const boxIdsOf = (imageKey: string) =>
  db().prepare('SELECT b.id FROM boxes b JOIN images i ON i.id = b.image_id WHERE i.image_key = ? ORDER BY b.id').pluck().all(imageKey) as number[]
const editCount = () => db().prepare('SELECT count(*) FROM edits').pluck().get() as number

/** A random mix of every kind of edit (and reverts), as a user would make them. */
function randomEdits(seed: number, count: number): number[] {
  const rand = seeded(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!
  const made: number[] = []
  for (let n = 0; n < count; n++) {
    const imageId = pick(keys.images)
    const roll = rand()
    const boxes = boxIdsOf(imageId)
    let receipt
    try {
      if (roll < 0.45) {
        receipt = service.setLabels({ requestId: rid(), author: 'a', edits: [{ imageId, classCode: pick(keys.classes), verdict: pick(verdicts) }] })
      } else if (roll < 0.6 || boxes.length === 0) {
        const x = rand() * 0.5
        receipt = service.createBox({ requestId: rid(), author: 'a', imageId, box: box(pick(keys.classes), x, x + 0.3, 0.1, 0.6) })
      } else if (roll < 0.75) {
        receipt = service.updateBox({ requestId: rid(), author: 'a', imageId, boxId: pick(boxes), patch: rand() < 0.5 ? { classCode: pick(keys.classes) } : { xMin: 0, isOccluded: 1 } })
      } else if (roll < 0.85) {
        receipt = service.deleteBox({ requestId: rid(), author: 'a', imageId, boxId: pick(boxes) })
      } else if (made.length > 0) {
        receipt = service.revert({ requestId: rid(), author: 'b', editId: pick(made) })
      }
    } catch (error) {
      // Reverting a box-create whose box was deleted since (and the like) is refused; anything else is a failure.
      if (!(error instanceof ApiError && error.code === 'bad-input')) throw error
    }
    made.push(...(receipt?.editIds ?? []))
  }
  return made
}

describe('annotate: edits as an overlay on the imported catalog', () => {
  it('keeps every aggregate equal to a full refresh after 300 random edits and reverts', () => {
    const made = randomEdits(11, 300)
    expect(made.length).toBeGreaterThan(200)
    const incremental = aggregates(db())
    db().transaction(() => {
      refreshClassStats(db())
      refreshExploreStats(db())
    })()
    expect(incremental).toEqual(aggregates(db()))
  })

  it('puts back the imported rows exactly when every edit is reverted, newest first', () => {
    const start = mergedState(db())
    const stats = aggregates(db())
    const made = randomEdits(12, 120).filter((id) => {
      const edit = db().prepare('SELECT reverts FROM edits WHERE id = ?').pluck().get(id)
      return edit === null
    })
    expect(mergedState(db())).not.toEqual(start)
    for (const editId of [...made].reverse()) {
      try {
        service.revert({ requestId: rid(), author: 'undo', editId })
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'bad-input')) throw error
      }
    }
    expect(mergedState(db())).toEqual(start)
    expect(aggregates(db())).toEqual(stats)
  })

  it('turns a rejected machine label into a human negative, and counts it', () => {
    const [imageId, classId, code] = db()
      .prepare(
        `SELECT i.image_key, l.class_id, c.code FROM labels l JOIN images i ON i.id = l.image_id JOIN classes c ON c.id = l.class_id
         WHERE l.source = 3 AND NOT EXISTS (SELECT 1 FROM labels h WHERE h.image_id = l.image_id AND h.class_id = l.class_id AND h.source IN (1, 2)) LIMIT 1`,
      )
      .raw()
      .get() as [string, number, string]
    const negatives = () => db().prepare('SELECT human_negative_images FROM class_stats WHERE class_id = ?').pluck().get(classId) as number
    const before = negatives()
    const receipt = service.setLabels({ requestId: rid(), author: 'a', edits: [{ imageId, classCode: code, verdict: 'absent' }] })
    expect(receipt.imageIds).toEqual([imageId])
    expect(negatives()).toBe(before + 1)
    const page = service.history({ imageId, before: null, limit: 5 })
    expect(page.items[0]).toMatchObject({ kind: 'label', classCode: code, before: { verdict: 'imported' }, after: { verdict: 'absent' }, author: 'a' })
    // The machine label itself stays as imported.
    expect(db().prepare('SELECT count(*) FROM labels l JOIN images i ON i.id = l.image_id WHERE i.image_key = ? AND l.class_id = ? AND source = 3').pluck().get(imageId, classId)).toBe(1)
  })

  it('answers a repeated request id with the first receipt and writes nothing twice', () => {
    const imageId = keys.images[3]!
    const args = { requestId: rid(), author: 'a', imageId, box: box(keys.classes[0]!, 0.1, 0.4, 0.2, 0.5) }
    const first = service.createBox(args)
    const count = editCount()
    const boxes = boxIdsOf(imageId).length
    expect(service.createBox(args)).toEqual(first)
    expect(editCount()).toBe(count)
    expect(boxIdsOf(imageId).length).toBe(boxes)
  })

  it('refuses bad input with a clear error and writes nothing', () => {
    const imageId = keys.images[4]!
    const state = mergedState(db())
    const count = editCount()
    const refusal = (call: () => unknown) => {
      try {
        call()
      } catch (error) {
        return error instanceof ApiError ? { code: error.code, where: error.where, message: error.message } : error
      }
      return 'accepted'
    }
    expect(refusal(() => service.createBox({ requestId: rid(), author: 'a', imageId, box: box(keys.classes[0]!, 0.3, 0.3, 0.1, 0.5) }))).toMatchObject({ code: 'bad-input', where: 'box', message: expect.stringMatching(/zero-area/) })
    expect(refusal(() => service.createBox({ requestId: rid(), author: 'a', imageId, box: box('/m/0notaclass', 0.1, 0.3, 0.1, 0.5) }))).toMatchObject({ code: 'bad-input', where: 'box.classCode', message: expect.stringMatching(/unknown class \/m\/0notaclass/) })
    expect(refusal(() => service.createBox({ requestId: rid(), author: 'a', imageId: 'ffffffffffffffff', box: box(keys.classes[0]!, 0.1, 0.3, 0.1, 0.5) }))).toMatchObject({ code: 'not-found', where: 'imageId' })
    // A batch with one bad edit at the end writes none of the good ones before it.
    const batch = keys.images.slice(0, 5).map((id) => ({ imageId: id, classCode: keys.classes[1]!, verdict: 'absent' as Verdict }))
    batch.push({ imageId: 'eeeeeeeeeeeeeeee', classCode: keys.classes[1]!, verdict: 'absent' })
    expect(refusal(() => service.setLabels({ requestId: rid(), author: 'a', edits: batch }))).toMatchObject({ code: 'not-found', where: 'edits.5.imageId' })
    expect(mergedState(db()).labels).toEqual(state.labels)
    const [boxId] = boxIdsOf(keys.images[5]!).length > 0 ? boxIdsOf(keys.images[5]!) : [service.createBox({ requestId: rid(), author: 'a', imageId: keys.images[5]!, box: box(keys.classes[0]!, 0.1, 0.3, 0.1, 0.5) }).boxId!]
    const afterSetup = { state: mergedState(db()), count: editCount() }
    expect(refusal(() => service.updateBox({ requestId: rid(), author: 'a', imageId: keys.images[5]!, boxId: boxId!, patch: { xMin: 0.9, xMax: 0.2 } }))).toMatchObject({ code: 'bad-input', where: 'patch' })
    expect(refusal(() => service.updateBox({ requestId: rid(), author: 'a', imageId: keys.images[6]!, boxId: boxId!, patch: { xMin: 0 } }))).toMatchObject({ code: 'not-found', where: 'boxId' })
    expect(mergedState(db())).toEqual(afterSetup.state)
    expect(editCount()).toBe(afterSetup.count)
    // At most the setup's box and the label of its class.
    expect(afterSetup.count - count).toBeLessThanOrEqual(2)
  })

  it('refuses coordinates outside 0..1 and bad flags at the edge, naming the field', async () => {
    const services = createAppServices(fixture.workspace, 'headless', new EventHub())
    onTestFinished(() => services.dispose())
    const handlers = services.handlers
    const count = editCount()
    const imageId = keys.images[8]!
    const outside = await dispatch(handlers, 'annotate.createBox', { requestId: rid(), imageId, box: { ...box(keys.classes[0]!, 0.2, 1.3, 0.1, 0.5) } })
    expect(outside).toEqual({ ok: false, error: { code: 'invalid-argument', where: 'box.xMax', message: expect.stringMatching(/box\.xMax: coordinates are normalized to 0\.\.1/) } })
    const flag = await dispatch(handlers, 'annotate.updateBox', { requestId: rid(), imageId, boxId: 1, patch: { isOccluded: 2 } })
    expect(flag).toMatchObject({ ok: false, error: { code: 'invalid-argument', where: 'patch.isOccluded' } })
    const verdict = await dispatch(handlers, 'annotate.setLabels', { requestId: rid(), edits: [{ imageId, classCode: keys.classes[0], verdict: 'maybe' }] })
    expect(verdict).toMatchObject({ ok: false, error: { code: 'invalid-argument', where: 'edits.0.verdict' } })
    expect(editCount()).toBe(count)
  })

  it('says the catalog is busy while another process holds the write lock, and writes nothing', () => {
    const other = new Database(join(fixture.workspace.dir, 'catalog.sqlite'))
    db().pragma('busy_timeout = 50')
    const count = editCount()
    try {
      other.exec('BEGIN IMMEDIATE')
      const call = () => service.setLabels({ requestId: rid(), author: 'a', edits: [{ imageId: keys.images[9]!, classCode: keys.classes[0]!, verdict: 'absent' }] })
      expect(call).toThrow(expect.objectContaining({ code: 'busy', message: expect.stringMatching(/busy.*nothing was written/) }))
    } finally {
      other.exec('ROLLBACK')
      other.close()
      db().pragma('busy_timeout = 5000')
    }
    expect(editCount()).toBe(count)
  })

  it('lets the last write win per field: two windows changing one box keep both fields, and both histories', () => {
    const imageId = keys.images[7]!
    const boxId = service.createBox({ requestId: rid(), author: 'w1', imageId, box: box(keys.classes[0]!, 0.1, 0.5, 0.1, 0.5) }).boxId!
    service.updateBox({ requestId: rid(), author: 'w1', imageId, boxId, patch: { xMin: 0.2, xMax: 0.6 } })
    service.updateBox({ requestId: rid(), author: 'w2', imageId, boxId, patch: { classCode: keys.classes[2]! } })
    service.updateBox({ requestId: rid(), author: 'w2', imageId, boxId, patch: { xMax: 0.7 } })
    const row = db().prepare('SELECT x_min, x_max, (SELECT code FROM classes WHERE id = class_id) FROM boxes WHERE id = ?').raw().get(boxId)
    expect(row).toEqual([0.2, 0.7, keys.classes[2]])
    const authors = service.history({ imageId, before: null, limit: 10 }).items.filter((e) => e.boxId === boxId).map((e) => e.author)
    expect(authors).toEqual(['w2', 'w2', 'w1', 'w1'])
  })

  it('keeps the edits when the same files are indexed again', async () => {
    randomEdits(13, 60)
    const merged = mergedState(db())
    const stats = aggregates(db())
    await runIndex(db(), planIndex([fixture.datasetDir]))
    expect(mergedState(db())).toEqual(merged)
    expect(aggregates(db())).toEqual(stats)
  })

  it('exports train_human_labels.csv and train_bounding_boxes.csv that index into the same merged state', async () => {
    const out = join(temp.dir, 'export')
    const report = await exportOpenImages(db(), out)
    expect(report.edits).toBe(editCount())
    const copy = join(temp.dir, 'copy')
    const source = fixture.datasetDir
    for (const name of readdirSync(source)) {
      if (/class|hierarchy|machine/.test(name)) copyFileSync(join(source, name), join(out, name))
    }
    const second = Workspace.open(copy)
    try {
      await runIndex(second.db, planIndex([out], { scan: false }))
      const exported = mergedState(second.db)
      expect(exported).toEqual(mergedState(db()))
      expect(exported.labels.length).toBe(report.humanLabels)
      expect(exported.boxes.length).toBe(report.boxes)
      const byCode = (d: typeof second.db) =>
        d.prepare('SELECT c.code, s.human_positive_images, s.human_negative_images, s.boxes, s.box_images FROM class_stats s JOIN classes c ON c.id = s.class_id ORDER BY c.code').raw().all()
      expect(byCode(second.db)).toEqual(byCode(db()))
    } finally {
      second.close()
    }
  })
})
