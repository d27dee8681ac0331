import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../../src/main/db/connection'
import { AnnotateService } from '../../../src/main/services/annotate/annotate-service'
import { parseRunConfig } from '../../../src/shared/training/config'
import { loadBoxSamples, loadLabelSamples, targetsOf, type LabelSamples } from '../../../src/worker/data/catalog-samples'
import { fixtureWorkspace, type FixtureWorkspace } from '../../helpers/fixture-workspace'
import { box, rid } from '../../main/services/annotate/annotate-fixture'

let fixture: FixtureWorkspace
let db: Db
let service: AnnotateService

beforeAll(async () => {
  fixture = await fixtureWorkspace(40)
  db = fixture.workspace.db
  service = new AnnotateService(db, null)
})
afterAll(() => fixture.remove())

const labelRun = parseRunConfig({ classes: 'all', validationFraction: 0.25, stages: [{ kind: 'labels' }] })
const boxRun = parseRunConfig({ validationFraction: 0.25, stages: [{ kind: 'boxes' }] })

/** The target the trainer would use for (image, class), and whether it counts as a human label. */
function targetOf(samples: LabelSamples, imageKey: string, code: string): number | undefined {
  const classIndex = samples.classes.findIndex((c) => c.code === code)
  for (const split of [samples.train, samples.validation]) {
    const index = split.images.findIndex((image) => image.key === imageKey)
    if (index < 0) continue
    const row = new Float32Array(split.classCount)
    targetsOf(split, index, row, 0)
    return row[classIndex]
  }
  return undefined
}

describe('the trainer reads the edited labels and boxes', () => {
  it('trains on a rejected label as a negative and on an added one as a positive', () => {
    const [imageKey, code] = db
      .prepare(
        `SELECT i.image_key, c.code FROM labels l JOIN images i ON i.id = l.image_id JOIN classes c ON c.id = l.class_id
         WHERE l.source IN (1, 2) AND l.confidence = 1 AND i.split = 'train' AND i.path IS NOT NULL
         AND (SELECT count(*) FROM labels x WHERE x.image_id = l.image_id AND x.source IN (1, 2) AND x.confidence = 1) >= 2 ORDER BY i.id LIMIT 1`,
      )
      .raw()
      .get() as [string, string]
    const other = db.prepare('SELECT code FROM classes WHERE code <> ? AND id IN (SELECT class_id FROM class_stats WHERE human_positive_images >= 3) ORDER BY id LIMIT 1').pluck().get(code) as string
    expect(targetOf(loadLabelSamples(db, labelRun, labelRun.stages[0]!), imageKey, code)).toBe(1)
    service.setLabels({ requestId: rid(), author: 't', edits: [{ imageId: imageKey, classCode: code, verdict: 'absent' }, { imageId: imageKey, classCode: other, verdict: 'present' }] })
    const edited = loadLabelSamples(db, labelRun, labelRun.stages[0]!)
    expect(targetOf(edited, imageKey, code)).toBe(0)
    expect(targetOf(edited, imageKey, other)).toBe(1)
  })

  it('crops a drawn box and no longer a deleted one', () => {
    const count = () => {
      const samples = loadBoxSamples(db, boxRun, boxRun.stages[0]!)
      return samples.train.count + samples.validation.count
    }
    const before = count()
    const [imageKey, boxId, code] = db
      .prepare(
        `SELECT i.image_key, b.id, c.code FROM boxes b JOIN images i ON i.id = b.image_id JOIN classes c ON c.id = b.class_id
         WHERE i.split = 'train' AND i.path IS NOT NULL AND b.is_group_of = 0 AND (b.x_max - b.x_min) * (b.y_max - b.y_min) >= 0.01 ORDER BY b.id LIMIT 1`,
      )
      .raw()
      .get() as [string, number, string]
    service.createBox({ requestId: rid(), author: 't', imageId: imageKey, box: box(code, 0.1, 0.5, 0.2, 0.7) })
    expect(count()).toBe(before + 1)
    service.deleteBox({ requestId: rid(), author: 't', imageId: imageKey, boxId })
    service.deleteBox({ requestId: rid(), author: 't', imageId: imageKey, boxId: db.prepare('SELECT max(id) FROM boxes').pluck().get() as number })
    expect(count()).toBe(before - 1)
  })
})
