import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AnnotateService } from '../../../../src/main/services/annotate/annotate-service'
import type { EditReceipt } from '../../../../src/shared/api/index'
import { fixtureWorkspace, type FixtureWorkspace } from '../../../helpers/fixture-workspace'
import { aggregates, box, mergedState, rid } from './annotate-fixture'

/**
 * Issue 18 item 4: in Open Images a box's class is a positive label of its image, so drawing a box adds
 * that label, in the same request, and undoing the drawing (reverting the receipt's edits, newest
 * first, as the window's Ctrl+Z does) takes both away.
 */
let fixture: FixtureWorkspace
let service: AnnotateService

beforeAll(async () => {
  fixture = await fixtureWorkspace(30)
  service = new AnnotateService(fixture.workspace.db, null)
})
afterAll(() => fixture.remove())

const db = () => fixture.workspace.db

/** The human labels of (image, class) as `source confidence`, e.g. ["1 1"]. */
const humanRows = (imageId: string, code: string) =>
  db()
    .prepare(
      `SELECT l.source || ' ' || CAST(l.confidence AS INTEGER) FROM labels l JOIN images i ON i.id = l.image_id JOIN classes c ON c.id = l.class_id
       WHERE i.image_key = ? AND c.code = ? AND l.source IN (1, 2) ORDER BY 1`,
    )
    .pluck()
    .all(imageId, code) as string[]
const boxExists = (boxId: number) => db().prepare('SELECT count(*) FROM boxes WHERE id = ?').pluck().get(boxId) === 1
const kinds = (receipt: EditReceipt) => receipt.editIds.map((id) => db().prepare('SELECT kind FROM edits WHERE id = ?').pluck().get(id))

/** An unedited image and a class of the catalog whose imported human labels of that pair are none, only present or only absent. */
function pair(humanLabels: 'none' | 'present' | 'absent'): { imageId: string; code: string } {
  const human = 'SELECT 1 FROM labels h WHERE h.image_id = i.id AND h.class_id = c.id AND h.source IN (1, 2)'
  const where =
    humanLabels === 'none'
      ? `NOT EXISTS (${human})`
      : `EXISTS (${human} AND h.confidence = ${humanLabels === 'present' ? 1 : 0}) AND NOT EXISTS (${human} AND h.confidence = ${humanLabels === 'present' ? 0 : 1})`
  const row = db()
    .prepare(
      `SELECT i.image_key AS imageId, c.code FROM images i CROSS JOIN classes c
       WHERE i.split = 'train' AND NOT EXISTS (SELECT 1 FROM edits e WHERE e.image_id = i.id) AND ${where}
         AND c.id IN (SELECT class_id FROM labels) ORDER BY i.id, c.id LIMIT 1`,
    )
    .get() as { imageId: string; code: string } | undefined
  if (!row) throw new Error(`no image and class with human labels: ${humanLabels}`)
  return row
}

/** Reverts every edit of a receipt, newest first (the window's undo of one action). */
function undo(receipt: EditReceipt): void {
  for (const editId of [...receipt.editIds].reverse()) service.revert({ requestId: rid(), author: 'undo', editId })
}

describe('annotate: a box makes its class a human-verified positive label of its image', () => {
  it('adds the label with the box, in one request and one receipt; undoing the receipt removes both', () => {
    const { imageId, code } = pair('none')
    const start = mergedState(db())
    const stats = aggregates(db())
    const receipt = service.createBox({ requestId: rid(), author: 'a', imageId, box: box(code, 0.1, 0.5, 0.2, 0.6) })

    expect(kinds(receipt)).toEqual(['box-create', 'label'])
    expect(receipt.imageIds).toEqual([imageId])
    expect(boxExists(receipt.boxId!)).toBe(true)
    expect(humanRows(imageId, code)).toEqual(['1 1'])
    const [label, drawn] = service.history({ imageId, before: null, limit: 2 }).items
    expect(label).toMatchObject({ kind: 'label', classCode: code, boxId: null, before: { verdict: 'imported' }, after: { verdict: 'present' }, author: 'a' })
    expect(drawn).toMatchObject({ kind: 'box-create', classCode: code, boxId: receipt.boxId })

    undo(receipt)
    expect(boxExists(receipt.boxId!)).toBe(false)
    expect(humanRows(imageId, code)).toEqual([])
    expect(mergedState(db())).toEqual(start)
    expect(aggregates(db())).toEqual(stats)
  })

  it('adds no label when the image already has its class as a human-verified positive', () => {
    const { imageId, code } = pair('present')
    const before = humanRows(imageId, code)
    const receipt = service.createBox({ requestId: rid(), author: 'a', imageId, box: box(code, 0.2, 0.4, 0.2, 0.4) })
    expect(kinds(receipt)).toEqual(['box-create'])
    expect(humanRows(imageId, code)).toEqual(before)
    undo(receipt)
    expect(boxExists(receipt.boxId!)).toBe(false)
  })

  it('turns a human "absent" of the class into "present" (the box is proof); undo puts "absent" back', () => {
    const { imageId, code } = pair('absent')
    const before = humanRows(imageId, code)
    expect(before.length).toBeGreaterThan(0)
    expect(before.every((row) => row.endsWith(' 0'))).toBe(true)
    const receipt = service.createBox({ requestId: rid(), author: 'a', imageId, box: box(code, 0.3, 0.6, 0.1, 0.9) })
    expect(kinds(receipt)).toEqual(['box-create', 'label'])
    expect(humanRows(imageId, code)).toEqual(['1 1'])
    undo(receipt)
    expect(humanRows(imageId, code)).toEqual(before)
    expect(boxExists(receipt.boxId!)).toBe(false)
  })

  it('leaves labels alone when a box is changed or deleted, or its deletion reverted', () => {
    const { imageId, code } = pair('none')
    const created = service.createBox({ requestId: rid(), author: 'a', imageId, box: box(code, 0.1, 0.3, 0.1, 0.3) })
    const deleted = service.deleteBox({ requestId: rid(), author: 'a', imageId, boxId: created.boxId! })
    expect(kinds(deleted)).toEqual(['box-delete'])
    // Remove the label the box added: bringing the box back is a revert, not a new drawing.
    service.setLabels({ requestId: rid(), author: 'a', edits: [{ imageId, classCode: code, verdict: 'none' }] })
    const restored = service.revert({ requestId: rid(), author: 'a', editId: deleted.editIds[0]! })
    expect(kinds(restored)).toEqual(['box-create'])
    expect(humanRows(imageId, code)).toEqual([])
  })
})
