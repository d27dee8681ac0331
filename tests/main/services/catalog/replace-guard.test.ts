import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openCatalog, type Db } from '../../../../src/main/db/connection'
import { planIndex } from '../../../../src/main/services/catalog/index-plan'
import { runIndex } from '../../../../src/main/services/catalog/run-index'
import { ApiError } from '../../../../src/shared/errors'
import { tempDir } from '../../../helpers/temp-dir'

const labelHeader = 'ImageID,Source,LabelName,Confidence'
const boxHeader = 'ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside'
const classes = ['/m/01g317', '/m/0k4j', '/m/0bt9lr', '/m/07j7r', '/m/09j2d']
const imageKey = (i: number) => i.toString(16).padStart(16, 'a')
/** `count` human label rows: image i, one class each. */
const humanRows = (count: number) => Array.from({ length: count }, (_, i) => `${imageKey(i)},verification,${classes[i % classes.length]},1`)
const machineRows = (count: number) => Array.from({ length: count }, (_, i) => `${imageKey(i)},machine,${classes[i % classes.length]},0.${i % 10}`)

/** A file that yields no valid rows, or loses most of the rows it replaces, replaces nothing without --replace-with-empty. */
describe('a file replaces what is stored only when it brings most of it back', () => {
  const temp = tempDir('oiw-replace-guard-')
  afterAll(() => temp.remove())
  let n = 0

  /** A fresh catalog holding 10 human labels (every kind's guard is the same code), and a folder to write files in. */
  async function catalogWithHumanLabels(): Promise<{ db: Db; dir: string; human: () => number }> {
    const dir = join(temp.dir, `c${n++}`)
    mkdirSync(dir)
    const db = openCatalog(join(dir, 'catalog.sqlite'))
    const first = join(dir, 'first.csv')
    writeFileSync(first, [labelHeader, ...humanRows(10)].join('\n') + '\n')
    await runIndex(db, planIndex([`human-labels=${first}`]))
    return { db, dir, human: () => db.prepare('SELECT count(*) FROM labels WHERE source IN (1, 2)').pluck().get() as number }
  }

  async function refusal(db: Db, paths: string[], options: Parameters<typeof planIndex>[1] = {}): Promise<ApiError> {
    const error = await runIndex(db, planIndex(paths, options)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    return error as ApiError
  }

  it('refuses the machine labels file given as human labels (every row bad-source), naming the file, the counts, the reasons and the flag', async () => {
    const { db, dir, human } = await catalogWithHumanLabels()
    const machine = join(dir, 'train_machine_labels.csv')
    writeFileSync(machine, [labelHeader, ...machineRows(8)].join('\n') + '\n')
    const before = db.prepare('SELECT image_id, class_id, source, confidence FROM labels ORDER BY 1, 2, 3').all()
    const error = await refusal(db, [`human-labels=${machine}`])
    expect(error.code).toBe('replace-refused')
    expect(error.where).toBe(machine)
    expect(error.message).toBe(
      'train_machine_labels.csv (human-labels): 0 valid rows (8 skipped: bad-source 8) would replace the 10 human labels stored; ' +
        'nothing was changed. To replace them anyway, index it with --replace-with-empty',
    )
    expect(human()).toBe(10)
    expect(db.prepare('SELECT image_id, class_id, source, confidence FROM labels ORDER BY 1, 2, 3').all()).toEqual(before)
    expect(db.prepare("SELECT count(*) FROM imports WHERE kind = 'human-labels'").pluck().get()).toBe(1)
    db.close()
  })

  it('refuses a header-only file, and replaces with it under --replace-with-empty', async () => {
    const { db, dir, human } = await catalogWithHumanLabels()
    const empty = join(dir, 'train_human_labels.csv')
    writeFileSync(empty, `${labelHeader}\n`)
    const error = await refusal(db, [empty])
    expect(error.message).toMatch(/^train_human_labels\.csv \(human-labels\): 0 valid rows would replace the 10 human labels stored; nothing was changed\. .*--replace-with-empty$/)
    expect(human()).toBe(10)

    const report = await runIndex(db, planIndex([empty]), { replaceWithEmpty: true })
    expect(report.files[0]).toMatchObject({ file: 'train_human_labels.csv', rows: 0 })
    expect(human()).toBe(0)
    db.close()
  })

  it('refuses a file that would leave fewer than half of the rows it replaces, and takes one that leaves half or more', async () => {
    const { db, dir, human } = await catalogWithHumanLabels()
    const fewer = join(dir, 'train_human_labels.csv')
    // 4 good rows, 6 with a bad confidence: 4 of 10 would be left
    writeFileSync(fewer, [labelHeader, ...humanRows(4), ...humanRows(10).slice(4).map((row) => row.replace(/,1$/, ',2'))].join('\n') + '\n')
    const error = await refusal(db, [fewer])
    expect(error.code).toBe('replace-refused')
    expect(error.message).toBe(
      'train_human_labels.csv (human-labels): 4 valid rows (6 skipped: out-of-range 6) would leave 4 human labels where 10 are stored (fewer than half); ' +
        'nothing was changed. To replace them anyway, index it with --replace-with-empty',
    )
    expect(human()).toBe(10)

    // exactly half is not fewer than half
    writeFileSync(fewer, [labelHeader, ...humanRows(5)].join('\n') + '\n')
    await runIndex(db, planIndex([fewer]))
    expect(human()).toBe(5)

    writeFileSync(fewer, [labelHeader, ...humanRows(4)].join('\n') + '\n')
    const report = await runIndex(db, planIndex([fewer]))
    expect(report.files[0]).toMatchObject({ rows: 4, skipped: 0 })
    expect(human()).toBe(4)
    db.close()
  })

  it('guards boxes and prediction sets the same way, and lets a first import of an empty file through', async () => {
    const { db, dir } = await catalogWithHumanLabels()
    const boxes = join(dir, 'train_bounding_boxes.csv')
    writeFileSync(boxes, `${boxHeader}\n`)
    await runIndex(db, planIndex([boxes]))
    writeFileSync(boxes, `${boxHeader}\n${imageKey(0)},xclick,/m/01g317,1,0.1,0.5,0.2,0.9,0,0,0,0,0\n${imageKey(1)},xclick,/m/0k4j,1,0.1,0.5,0.2,0.9,0,0,0,0,0\n`)
    await runIndex(db, planIndex([boxes]))
    writeFileSync(boxes, `${boxHeader}\n${imageKey(0)},xclick,/m/01g317,1,0.1,1.5,0.2,0.9,0,0,0,0,0\n`)
    expect((await refusal(db, [boxes])).message).toMatch(/^train_bounding_boxes\.csv \(boxes\): 0 valid rows \(1 skipped: out-of-range 1\) would replace the 2 boxes stored; /)
    expect(db.prepare('SELECT count(*) FROM boxes').pluck().get()).toBe(2)

    const scores = join(dir, 'scores.csv')
    writeFileSync(scores, `image_id,label_code,score\n${imageKey(0)},/m/01g317,0.5\n${imageKey(1)},/m/01g317,0.25\n`)
    await runIndex(db, planIndex([], { scores: [`run=${scores}`] }))
    writeFileSync(scores, 'image_id,label_code,score\n')
    expect((await refusal(db, [], { scores: [`run=${scores}`] })).message).toMatch(/^scores\.csv \(scores\): 0 valid rows would replace the 2 scores of prediction set "run" stored; /)
    expect(db.prepare("SELECT count(*) FROM predictions p JOIN prediction_sets s ON s.id = p.set_id WHERE s.name = 'run'").pluck().get()).toBe(2)
    // another set's name replaces nothing
    await runIndex(db, planIndex([], { scores: [`other=${scores}`] }))
    db.close()
  })

  it('guards the test ids a sample submission brought: an empty sample is refused and the test images stay', async () => {
    const { db, dir } = await catalogWithHumanLabels()
    const sample = join(dir, 'stage_2_sample_submission.csv')
    const testIds = Array.from({ length: 6 }, (_, i) => i.toString(16).padStart(16, 'c'))
    writeFileSync(sample, `image_id,labels\n${testIds.map((id) => `${id},/m/01g317`).join('\n')}\n`)
    await runIndex(db, planIndex([sample]))
    const tests = () => db.prepare("SELECT count(*) FROM images WHERE split = 'test'").pluck().get()
    expect(tests()).toBe(6)
    writeFileSync(sample, 'image_id,labels\n')
    expect((await refusal(db, [sample])).message).toMatch(/^stage_2_sample_submission\.csv \(sample-submission\): 0 valid rows would replace the 6 test ids stored; /)
    expect(tests()).toBe(6)
    await runIndex(db, planIndex([sample]), { replaceWithEmpty: true })
    expect(tests()).toBe(0)
    db.close()
  })
})
