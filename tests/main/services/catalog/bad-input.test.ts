import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCatalog, type Db } from '../../../../src/main/db/connection'
import { planIndex } from '../../../../src/main/services/catalog/index-plan'
import { runIndex } from '../../../../src/main/services/catalog/run-index'
import type { IndexReport } from '../../../../src/shared/api/index'
import { tempDir } from '../../../helpers/temp-dir'

const a = 'aaaaaaaaaaaaaaaa'
const b = 'bbbbbbbbbbbbbbbb'
const c = 'cccccccccccccccc'
const onDiskOnly = 'dddddddddddddddd'

/** A hand-made dataset with one of each kind of bad row (docs/formats.md), two images on disk. */
async function writeDataset(dir: string): Promise<void> {
  mkdirSync(join(dir, 'train', 'a'), { recursive: true })
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).jpeg().toBuffer()
  writeFileSync(join(dir, 'train', 'a', `${a}.jpg`), jpeg)
  writeFileSync(join(dir, 'train', `${onDiskOnly}.jpg`), jpeg)
  writeFileSync(join(dir, 'class-descriptions.csv'), '/m/01g317,Person\n/m/0k4j,Car\n/m/0bt9lr,"Dog, domestic"\n')
  writeFileSync(
    join(dir, 'train_human_labels.csv'),
    Buffer.concat([
      Buffer.from(
        [
          'ImageID,Source,LabelName,Confidence',
          `${a},verification,/m/01g317,1`,
          `${a},crowdsource-verification,/m/0k4j,0`,
          `${b},verification,/m/0bt9lr,1`,
          `${b},verification,/m/unknown1,1`,
          `${a},machine,/m/01g317,1`,
          `${a},verification,/m/01g317,2`,
          `${a},verification,/m/01g317,yes`,
          `${a},verification,/m/01g317`,
          `A0B1,verification,/m/01g317,1`,
          `${a},verification,dog,1`,
          `${c},verification,`,
        ].join('\n') + '\n',
      ),
      Buffer.from([0x61, 0x2c, 0xc3, 0x28, 0x0a]),
    ]),
  )
  writeFileSync(join(dir, 'train_machine_labels.csv'), `ImageID,Source,LabelName,Confidence\n${a},machine,/m/0k4j,0.4\n${c},machine,/m/0k4j,1.5\n`)
  writeFileSync(
    join(dir, 'train_bounding_boxes.csv'),
    [
      'ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside',
      `${a},xclick,/m/01g317,1,0.1,0.5,0.2,0.9,0,1,-1,0,0`,
      `${a},xclick,/m/01g317,1,0.1,1.5,0.2,0.9,0,1,0,0,0`,
      `${a},xclick,/m/01g317,1,0.1,0.5,0.2,0.9,0,2,0,0,0`,
      `${a},xclick,/m/01g317,1,0.6,0.5,0.2,0.9,0,0,0,0,0`,
      `${a},xclick,/m/01g317,1,x,0.5,0.2,0.9,0,0,0,0,0`,
    ].join('\n'),
  )
  writeFileSync(join(dir, 'stage_1_sample_submission.csv'), `image_id,labels\n${'e'.repeat(24)},/m/01g317\n${'f'.repeat(24)},/m/01g317\n`)
  writeFileSync(join(dir, 'my-run.csv'), `image_id,labels\n${'e'.repeat(24)},/m/01g317 /m/0k4j /m/0k4j\n${'f'.repeat(24)},\n`)
}

describe('indexing bad input', () => {
  const temp = tempDir()
  let db: Db
  let report: IndexReport
  const byFile = (name: string) => report.files.find((f) => f.file === name)!

  beforeAll(async () => {
    await writeDataset(join(temp.dir, 'data'))
    db = openCatalog(join(temp.dir, 'catalog.sqlite'))
    report = await runIndex(db, planIndex([join(temp.dir, 'data')], { submissions: [`baseline=${join(temp.dir, 'data', 'my-run.csv')}`] }))
  })
  afterAll(() => {
    db.close()
    temp.remove()
  })

  it('skips malformed label rows, counted by kind, reported with file:line', () => {
    const human = byFile('train_human_labels.csv')
    expect(human.rows).toBe(4)
    expect(human.skippedByKind).toEqual({
      'bad-source': 1,
      'out-of-range': 1,
      'bad-number': 1,
      'column-count': 2,
      'bad-image-id': 1,
      'bad-class-code': 1,
      'invalid-utf8': 1,
    })
    expect(human.problems.find((p) => p.kind === 'invalid-utf8')!.where).toBe('train_human_labels.csv:13')
    expect(human.problems.find((p) => p.kind === 'bad-source')).toMatchObject({ where: 'train_human_labels.csv:6', message: 'Source "machine" is not verification or crowdsource-verification' })
    expect(byFile('train_machine_labels.csv').skippedByKind).toEqual({ 'out-of-range': 1 })
  })

  it('skips malformed boxes: out of range, bad flag, min above max, not a number', () => {
    const boxes = byFile('train_bounding_boxes.csv')
    expect(boxes.rows).toBe(1)
    expect(boxes.skippedByKind).toEqual({ 'out-of-range': 1, 'bad-flag': 1, 'min-above-max': 1, 'bad-number': 1 })
    expect(db.prepare('SELECT x_min, x_max, y_min, y_max, is_truncated, is_group_of FROM boxes').get()).toEqual({
      x_min: 0.1, x_max: 0.5, y_min: 0.2, y_max: 0.9, is_truncated: 1, is_group_of: -1,
    })
  })

  it('keeps codes no descriptions file names, flagged as unknown classes', () => {
    expect(report.classesUnknown).toBe(1)
    expect(db.prepare("SELECT described FROM classes WHERE code = '/m/unknown1'").pluck().get()).toBe(0)
    expect(db.prepare("SELECT name FROM classes WHERE code = '/m/0bt9lr'").pluck().get()).toBe('Dog, domestic')
  })

  it('counts images named by labels but missing on disk, and files without labels', () => {
    expect(report.imagesOnDisk).toBe(2)
    expect(report.imagesMissing).toBe(1)
    expect(report.filesWithoutLabels).toBe(1)
    expect(db.prepare('SELECT image_key FROM images WHERE path IS NULL AND split = ?').pluck().all('train')).toEqual([b])
    expect(db.prepare('SELECT path FROM images WHERE image_key = ?').pluck().get(a)).toBe(join('train', 'a', `${a}.jpg`))
  })

  it('imports the sample submission as test ids and a submission as a named prediction set', () => {
    expect(db.prepare("SELECT count(*) FROM images WHERE split = 'test'").pluck().get()).toBe(2)
    const set = db.prepare("SELECT id, kind FROM prediction_sets WHERE name = 'baseline'").get() as { id: number; kind: string }
    expect(set.kind).toBe('submission')
    expect(db.prepare('SELECT count(*) FROM predictions WHERE set_id = ?').pluck().get(set.id)).toBe(2)
  })

  it('stops at a file with a wrong header, keeping what earlier files stored', async () => {
    const dir = join(temp.dir, 'second')
    mkdirSync(dir)
    writeFileSync(join(dir, 'class-descriptions-boxable.csv'), '/m/01g317,Person\n')
    writeFileSync(join(dir, 'train_machine_labels.csv'), `${a},machine,/m/0k4j,0.4\n`)
    const before = db.prepare('SELECT count(*) FROM labels WHERE source = 3').pluck().get()
    await expect(runIndex(db, planIndex([dir]))).rejects.toThrow(
      'train_machine_labels.csv: expected the header ImageID,Source,LabelName,Confidence, found a data row',
    )
    expect(db.prepare("SELECT boxable FROM classes WHERE code = '/m/01g317'").pluck().get()).toBe(1)
    expect(db.prepare('SELECT count(*) FROM labels WHERE source = 3').pluck().get()).toBe(before)
  })

  it('takes a file by explicit kind or prediction sets alone, and refuses unknown names and kinds or nothing', () => {
    expect(planIndex([`human-labels=${join(temp.dir, 'data', 'my-run.csv')}`]).sources[0]!.kind).toBe('human-labels')
    expect(() => planIndex([join(temp.dir, 'data', 'my-run.csv')])).toThrow(/my-run\.csv: not a known file name; name its kind as KIND=/)
    expect(() => planIndex([`labels=${join(temp.dir, 'data', 'my-run.csv')}`])).toThrow(/labels: not a file kind/)
    expect(() => planIndex([])).toThrow(/nothing to index: give dataset folders or files/)
    expect(planIndex([], { scores: [`run=${join(temp.dir, 'data', 'my-run.csv')}`] }).sources).toMatchObject([{ kind: 'scores', setName: 'run' }])
  })
})
