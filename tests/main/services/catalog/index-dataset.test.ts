import { appendFileSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getCatalogSummary } from '../../../../src/main/db/queries/summary'
import { planIndex } from '../../../../src/main/services/catalog/index-plan'
import { runIndex } from '../../../../src/main/services/catalog/run-index'
import { ApiError } from '../../../../src/shared/errors'
import { csvRows } from '../../../helpers/csv'
import { fixtureWorkspace, type FixtureWorkspace } from '../../../helpers/fixture-workspace'
import { tempDir } from '../../../helpers/temp-dir'

describe('runIndex', () => {
  let fixture: FixtureWorkspace
  beforeAll(async () => {
    fixture = await fixtureWorkspace(24)
  })
  afterAll(() => fixture.remove())

  const file = (name: string) => join(fixture.datasetDir, name)

  it('stores exactly the rows of the CSV files', () => {
    const summary = getCatalogSummary(fixture.workspace.db)
    const tuning = csvRows(file('tuning_labels.csv'), false)
    expect(summary.humanLabels).toBe(csvRows(file('train_human_labels.csv'), true).length)
    expect(summary.machineLabels).toBe(csvRows(file('train_machine_labels.csv'), true).length)
    expect(summary.boxes).toBe(csvRows(file('train_bounding_boxes.csv'), true).length)
    expect(summary.imagesOnDisk).toBe(24)
    expect(summary.tuningImages).toBe(tuning.length)
    expect(summary.classes).toBeGreaterThanOrEqual(csvRows(file('class-descriptions.csv'), false).length)
  })

  it('gives each class its name, flags and parent edges from the real hierarchy', () => {
    const db = fixture.workspace.db
    const person = db.prepare("SELECT name, boxable, trainable FROM classes WHERE code = '/m/01g317'").get()
    expect(person).toEqual({ name: 'Person', boxable: 1, trainable: 1 })
    const parentOfCar = db
      .prepare(
        `SELECT p.name FROM class_edges e JOIN classes p ON p.id = e.parent_id JOIN classes c ON c.id = e.child_id
         WHERE c.name = 'Car' AND e.kind = 'subcategory'`,
      )
      .pluck()
      .all()
    expect(parentOfCar).toContain('Land vehicle')
  })

  it('keeps the per-class aggregates equal to the labels', () => {
    const db = fixture.workspace.db
    const human = csvRows(file('train_human_labels.csv'), true).filter((row) => row[3] === '1')
    const code = human[0]![2]!
    const expected = new Set(human.filter((row) => row[2] === code).map((row) => row[0])).size
    const stored = db
      .prepare('SELECT human_positive_images FROM class_stats s JOIN classes c ON c.id = s.class_id WHERE c.code = ?')
      .pluck()
      .get(code)
    expect(stored).toBe(expected)
  })

  it('is idempotent: indexing the same folder again changes no count', async () => {
    const before = getCatalogSummary(fixture.workspace.db)
    await runIndex(fixture.workspace.db, planIndex([fixture.datasetDir]))
    const { lastIndexedAt: _a, ...after } = getCatalogSummary(fixture.workspace.db)
    const { lastIndexedAt: _b, ...expected } = before
    expect(after).toEqual(expected)
  })

  it('rejects a wrong header naming the file and the expected columns, and loses nothing', async () => {
    const { dir, remove } = tempDir()
    try {
      mkdirSync(join(dir, 'train'))
      copyFileSync(file('class-descriptions-boxable.csv'), join(dir, 'class-descriptions-boxable.csv'))
      writeFileSync(join(dir, 'train_human_labels.csv'), 'ImageID,LabelName,Confidence\n0123456789abcdef,/m/01g317,1\n')
      const before = getCatalogSummary(fixture.workspace.db)
      const error = await runIndex(fixture.workspace.db, planIndex([dir])).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ApiError)
      expect((error as ApiError).message).toMatch(/train_human_labels\.csv: expected the header ImageID,Source,LabelName,Confidence: Source missing \(found ImageID,LabelName,Confidence\)/)
      expect(getCatalogSummary(fixture.workspace.db).humanLabels).toBe(before.humanLabels)
    } finally {
      remove()
    }
  })

  it('skips malformed rows, counting them with file:line', async () => {
    const { dir, remove } = tempDir()
    try {
      mkdirSync(join(dir, 'train'))
      copyFileSync(file('train_bounding_boxes.csv'), join(dir, 'train_bounding_boxes.csv'))
      appendFileSync(join(dir, 'train_bounding_boxes.csv'), '0123456789abcdef,xclick,/m/01g317,1,0.5,0.2,0.1,0.3,0,0,0,0,0\nnot-an-id,xclick,/m/01g317,1,0.1,0.2,0.1,0.3,0,0,0,0,0\n')
      const good = csvRows(join(dir, 'train_bounding_boxes.csv'), true).length - 2
      const report = await runIndex(fixture.workspace.db, planIndex([dir]))
      const boxes = report.files.find((r) => r.file === 'train_bounding_boxes.csv')!
      expect(boxes.rows).toBe(good)
      expect(boxes.skipped).toBe(2)
      expect(boxes.problems.map((p) => p.kind)).toEqual(['min-above-max', 'bad-image-id'])
      expect(boxes.skippedByKind).toEqual({ 'min-above-max': 1, 'bad-image-id': 1 })
      expect(boxes.problems[0]!.where).toBe(`train_bounding_boxes.csv:${good + 2}`)
      expect(getCatalogSummary(fixture.workspace.db).boxes).toBe(good)
    } finally {
      remove()
    }
  })
})
