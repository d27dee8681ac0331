import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openCatalog } from '../../../../src/main/db/connection'
import { decimalField } from '../../../../src/main/services/catalog/decimal-field'
import { planIndex } from '../../../../src/main/services/catalog/index-plan'
import { runIndex } from '../../../../src/main/services/catalog/run-index'
import { tempDir } from '../../../helpers/temp-dir'

describe('decimal numbers in the CSVs', () => {
  it('reads decimal numbers and nothing else', () => {
    for (const [text, value] of [['0', 0], ['1', 1], ['0.25', 0.25], ['-.5', -0.5], ['+1.', 1], ['1e-3', 0.001], ['0.000', 0], ['10', 10]] as const) expect(decimalField(text), text).toBe(value)
    for (const text of ['', ' ', ' 1', '1 ', '0x1', '0X1', '0b1', '0o7', 'Infinity', '-Infinity', 'NaN', '1_0', 'yes', '1,5', '--1', '.', '1e', '\t0']) expect(decimalField(text), JSON.stringify(text)).toBeNaN()
  })

  const temp = tempDir('oiw-decimal-')
  afterAll(() => temp.remove())

  it('skips a blank, padded or hex Confidence, coordinate or score with file:line and the field, keeping the row stored before it', async () => {
    const a = 'aaaaaaaaaaaaaaaa'
    const human = join(temp.dir, 'train_human_labels.csv')
    // a verified positive, then the same pair with a blank confidence (which `+text` read as 0: a verified absence)
    writeFileSync(human, ['ImageID,Source,LabelName,Confidence', `${a},verification,/m/01g317,1`, `${a},verification,/m/01g317, `, `${a},verification,/m/0k4j,0x1`, `${a},verification,/m/0bt9lr,1 `].join('\n') + '\n')
    const boxes = join(temp.dir, 'train_bounding_boxes.csv')
    writeFileSync(
      boxes,
      [
        'ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside',
        `${a},xclick,/m/01g317,1,0.1,0.5,0.2,0.9,0,1,-1,0,0`,
        `${a},xclick,/m/01g317,1, ,0.5,0.2,0.9,0,0,0,0,0`,
        `${a},xclick,/m/01g317,1,0x0,0.5,0.2,0.9,0,0,0,0,0`,
      ].join('\n') + '\n',
    )
    const scores = join(temp.dir, 'scores.csv')
    writeFileSync(scores, `image_id,label_code,score\n${a},/m/01g317,0.5\n${a},/m/0k4j, \n${a},/m/0bt9lr,0x1\n`)
    const db = openCatalog(join(temp.dir, 'catalog.sqlite'))
    try {
      const report = await runIndex(db, planIndex([human, boxes], { scores: [`run=${scores}`] }))
      const file = (name: string) => report.files.find((f) => f.file === name)!
      expect(file('train_human_labels.csv')).toMatchObject({ rows: 1, skippedByKind: { 'bad-number': 3 } })
      expect(file('train_human_labels.csv').problems.map((p) => [p.where, p.message])).toEqual([
        ['train_human_labels.csv:3', 'Confidence " " is not a decimal number'],
        ['train_human_labels.csv:4', 'Confidence "0x1" is not a decimal number'],
        ['train_human_labels.csv:5', 'Confidence "1 " is not a decimal number'],
      ])
      expect(db.prepare("SELECT l.confidence FROM labels l JOIN classes c ON c.id = l.class_id WHERE c.code = '/m/01g317'").pluck().all()).toEqual([1])
      expect(file('train_bounding_boxes.csv')).toMatchObject({ rows: 1, skippedByKind: { 'bad-number': 2 } })
      expect(file('train_bounding_boxes.csv').problems.map((p) => p.message)).toEqual(['XMin " " is not a decimal number', 'XMin "0x0" is not a decimal number'])
      expect(file('scores.csv')).toMatchObject({ rows: 1, skippedByKind: { 'bad-number': 2 } })
    } finally {
      db.close()
    }
  })
})
