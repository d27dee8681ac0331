import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCatalog, type Db } from '../../../../src/main/db/connection'
import { planIndex } from '../../../../src/main/services/catalog/index-plan'
import { runIndex } from '../../../../src/main/services/catalog/run-index'
import type { IndexReport } from '../../../../src/shared/api/index'
import { tempDir } from '../../../helpers/temp-dir'

const a = 'aaaaaaaaaaaaaaaa'
const b = 'bbbbbbbbbbbbbbbb'
const t1 = '1'.repeat(16)
const t2 = '2'.repeat(16)

/** Rows that repeat an earlier row's key are counted and shown, with the value kept; `rows` is what the catalog stores. */
describe('repeated rows in a file', () => {
  const temp = tempDir('oiw-duplicates-')
  let db: Db
  let report: IndexReport
  const byFile = (name: string) => report.files.find((f) => f.file === name)!
  const count = (sql: string) => db.prepare(sql).pluck().get() as number

  beforeAll(async () => {
    const machine = join(temp.dir, 'train_machine_labels.csv')
    writeFileSync(
      machine,
      [
        'ImageID,Source,LabelName,Confidence',
        `${a},machine,/m/01g317,0.4`,
        `${a},machine,/m/0k4j,0.6`,
        `${a},machine,/m/01g317,0.9`,
        `${a},machine,/m/01g317,0.7`,
        `${b},machine,/m/01g317,0.5`,
        // the same pair again after another image: counted, kept, not listed
        `${a},machine,/m/0k4j,0.1`,
      ].join('\n') + '\n',
    )
    const human = join(temp.dir, 'train_human_labels.csv')
    // one pair from both human sources is two labels (both kept), not a repeat
    writeFileSync(human, ['ImageID,Source,LabelName,Confidence', `${a},verification,/m/01g317,1`, `${a},crowdsource-verification,/m/01g317,0`, `${b},verification,/m/0k4j,1`].join('\n') + '\n')
    const scores = join(temp.dir, 'scores.csv')
    writeFileSync(scores, ['image_id,label_code,score', `${a},/m/01g317,0.5`, `${a},/m/01g317,0.9`, `${a},/m/0k4j,0.25`].join('\n') + '\n')
    const tuning = join(temp.dir, 'tuning_labels.csv')
    writeFileSync(tuning, [`${t1},/m/01g317 /m/0k4j`, `${t2},/m/01g317`, `${t1},/m/0bt9lr`].join('\n') + '\n')
    db = openCatalog(join(temp.dir, 'catalog.sqlite'))
    report = await runIndex(db, planIndex([machine, human, tuning], { scores: [`run=${scores}`] }))
  })
  afterAll(() => {
    db.close()
    temp.remove()
  })

  it('counts a repeated (image, class) of machine labels, keeps the last row and says so, and stores what it reports', () => {
    const machine = byFile('train_machine_labels.csv')
    expect(machine.rows).toBe(3)
    expect(machine.duplicates).toEqual({
      count: 3,
      key: 'ImageID,Source,LabelName',
      kept: 'last',
      examples: [
        { where: 'train_machine_labels.csv:4', message: `repeats line 2 (${a},machine,/m/01g317): Confidence 0.9 of line 4 kept, 0.4 of line 2 dropped` },
        { where: 'train_machine_labels.csv:5', message: `repeats line 4 (${a},machine,/m/01g317): Confidence 0.7 of line 5 kept, 0.9 of line 4 dropped` },
      ],
    })
    expect(count('SELECT count(*) FROM labels WHERE source = 3')).toBe(machine.rows)
    const confidence = (image: string, code: string) =>
      db.prepare('SELECT l.confidence FROM labels l JOIN images i ON i.id = l.image_id JOIN classes c ON c.id = l.class_id WHERE i.image_key = ? AND c.code = ? AND l.source = 3').pluck().get(image, code)
    expect(confidence(a, '/m/01g317')).toBe(0.7)
    expect(confidence(a, '/m/0k4j')).toBe(0.1)
    expect(confidence(b, '/m/01g317')).toBe(0.5)
  })

  it('keeps a pair given by both human sources as two labels, with no repeat', () => {
    const human = byFile('train_human_labels.csv')
    expect(human.rows).toBe(3)
    expect(human.duplicates).toMatchObject({ count: 0, kept: 'last', examples: [] })
    expect(count('SELECT count(*) FROM labels WHERE source IN (1, 2)')).toBe(3)
  })

  it('keeps the first score of a repeated (image, class), and says so', () => {
    const scores = byFile('scores.csv')
    expect(scores.rows).toBe(2)
    expect(scores.duplicates).toEqual({
      count: 1,
      key: 'image_id,label_code',
      kept: 'first',
      examples: [{ where: 'scores.csv:3', message: `repeats line 2 (${a},/m/01g317): score 0.5 of line 2 kept, 0.9 of line 3 dropped` }],
    })
    expect(count("SELECT count(*) FROM predictions p JOIN prediction_sets s ON s.id = p.set_id WHERE s.name = 'run'")).toBe(2)
    expect(db.prepare("SELECT p.score FROM predictions p JOIN classes c ON c.id = p.class_id WHERE c.code = '/m/01g317'").pluck().get()).toBe(0.5)
  })

  it('adds the labels of a repeated tuning image to its first line', () => {
    const tuning = byFile('tuning_labels.csv')
    expect(tuning.rows).toBe(2)
    expect(tuning.duplicates).toEqual({
      count: 1,
      key: 'image_id',
      kept: 'all',
      examples: [{ where: 'tuning_labels.csv:3', message: `repeats line 1 (${t1}): its labels are added to those of line 1` }],
    })
    expect(count('SELECT count(DISTINCT image_id) FROM labels WHERE source = 4')).toBe(tuning.rows)
    expect(count('SELECT count(*) FROM labels WHERE source = 4')).toBe(4)
  })

  it('stores every box row: identical rows are boxes, not repeats', async () => {
    const boxes = join(temp.dir, 'train_bounding_boxes.csv')
    const box = `${a},xclick,/m/01g317,1,0.1,0.5,0.2,0.9,0,0,0,0,0`
    writeFileSync(boxes, ['ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside', box, box].join('\n') + '\n')
    const boxReport = (await runIndex(db, planIndex([boxes]))).files[0]!
    expect(boxReport).toMatchObject({ rows: 2, duplicates: null })
    expect(count('SELECT count(*) FROM boxes')).toBe(2)
  })
})
