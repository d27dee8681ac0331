import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { openCatalog, type Db } from '../../../../src/main/db/connection'
import { dropSampleImages, replaceSampleImages } from '../../../../src/main/db/queries/sample-images'
import { planIndex } from '../../../../src/main/services/catalog/index-plan'
import { runIndex } from '../../../../src/main/services/catalog/run-index'
import { tempDir } from '../../../helpers/temp-dir'
import { loggingDb, planOf, type LoggedQuery } from '../../db/queries/query-log'

/**
 * Where test images come from (docs/formats.md, "The test side"): the sample submission, the tuning labels and
 * a test/ folder of an image store, never a submission or scores file; and indexing a sample again replaces the
 * test ids it brought, keeping every other stored row.
 */
const temp = tempDir('oiw-test-ids-')
afterAll(() => temp.remove())

const testId = (i: number) => `${'e'.repeat(20)}${i.toString(16).padStart(4, '0')}`
const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => testId(from + i))
const trainA = 'aaaaaaaaaaaa0001'
const trainB = 'aaaaaaaaaaaa0002'
const trainOnly = 'aaaaaaaaaaaa0003'
const unknown = 'f'.repeat(24)

let folders = 0
/** A fresh dataset folder and catalog. */
function fresh(): { dir: string; db: Db } {
  const dir = join(temp.dir, `data-${++folders}`)
  mkdirSync(dir)
  writeFileSync(join(dir, 'class-descriptions.csv'), '/m/01g317,Person\n/m/0k4j,Car\n')
  return { dir, db: openCatalog(join(dir, 'catalog.sqlite')) }
}

function write(file: string, lines: string[]): string {
  writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

const sample = (file: string, keys: string[]) => write(file, ['image_id,labels', ...keys.map((key) => `${key},/m/01g317`)])
const count = (db: Db, sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number
const testKeys = (db: Db) => db.prepare("SELECT image_key FROM images WHERE split IN ('test', 'tuning') ORDER BY image_key").pluck().all() as string[]
const splitOf = (db: Db, key: string) => db.prepare('SELECT split FROM images WHERE image_key = ?').pluck().get(key) as string | undefined
/** Every stored row but the images' split: what a sample import must never lose. */
const otherRows = (db: Db) => ({
  labels: db.prepare('SELECT i.image_key, l.class_id, l.source, l.confidence FROM labels l JOIN images i ON i.id = l.image_id ORDER BY 1, 2, 3').raw().all(),
  predictions: db.prepare('SELECT s.name, i.image_key, p.class_id, p.score FROM predictions p JOIN prediction_sets s ON s.id = p.set_id JOIN images i ON i.id = p.image_id ORDER BY 1, 2, 3').raw().all(),
  classes: db.prepare('SELECT code, name FROM classes ORDER BY code').raw().all(),
  sets: db.prepare('SELECT name, kind FROM prediction_sets ORDER BY name').raw().all(),
})

describe('importing a sample submission again', () => {
  it('replaces the test ids it brought: 100 of 200 ids left leave 100 test images, and nothing else is lost', async () => {
    const { dir, db } = fresh()
    try {
      write(join(dir, 'train_human_labels.csv'), ['ImageID,Source,LabelName,Confidence', `${trainA},verification,/m/01g317,1`, `${trainB},verification,/m/0k4j,0`, `${trainOnly},verification,/m/0k4j,1`])
      write(join(dir, 'tuning_labels.csv'), ids(0, 3).map((key) => `${key},/m/01g317`))
      const stage1 = sample(join(dir, 'stage_1_sample_submission.csv'), [...ids(0, 198), trainA, trainB])
      // scores for kept test images (0..9) and for test images the new sample leaves out (100..104)
      const scores = write(join(temp.dir, `run-${folders}.csv`), ['image_id,label_code,score', ...[...ids(0, 10), ...ids(100, 105)].map((key) => `${key},/m/0k4j,0.5`)])
      await runIndex(db, planIndex([dir], { scan: false, scores: [`run=${scores}`] }))
      expect(testKeys(db)).toHaveLength(198)
      const before = otherRows(db)
      expect(before.predictions).toHaveLength(15)

      sample(stage1, ids(0, 100))
      const report = await runIndex(db, planIndex([stage1]))
      expect(report.files[0]).toMatchObject({ kind: 'sample-submission', rows: 100, skipped: 0, testIdsDropped: { images: 98, removed: 93 } })
      expect(testKeys(db)).toEqual(ids(0, 100))
      expect(ids(0, 3).map((key) => splitOf(db, key))).toEqual(['tuning', 'tuning', 'tuning'])
      // an image only the sample named is gone; one with scores stays, in no split; training images are training images again
      expect(ids(105, 198).map((key) => splitOf(db, key)).filter((split) => split !== undefined)).toEqual([])
      expect(ids(100, 105).map((key) => splitOf(db, key))).toEqual(Array(5).fill('none'))
      expect([trainA, trainB, trainOnly].map((key) => splitOf(db, key))).toEqual(['train', 'train', 'train'])
      expect(otherRows(db)).toEqual(before)
      expect(count(db, 'SELECT count(*) FROM images')).toBe(100 + 5 + 3)

      // the ids it names again are test images again
      sample(stage1, ids(0, 105))
      expect((await runIndex(db, planIndex([stage1]))).files[0]!.testIdsDropped).toBeUndefined()
      expect(testKeys(db)).toEqual(ids(0, 105))
      expect(otherRows(db)).toEqual(before)
    } finally {
      db.close()
    }
  })

  it("keeps the ids another sample names and the images a test/ folder holds, and drops what it alone brought", async () => {
    const { dir, db } = fresh()
    try {
      mkdirSync(join(dir, 'images', 'test'), { recursive: true })
      const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).jpeg().toBuffer()
      writeFileSync(join(dir, 'images', 'test', `${testId(3)}.jpg`), jpeg)
      const stage1 = sample(join(dir, 'stage_1_sample_submission.csv'), ids(0, 10))
      const stage2 = sample(join(dir, 'stage_2_sample_submission.csv'), ids(5, 15))
      await runIndex(db, planIndex([stage1, stage2, join(dir, 'images')]))
      expect(testKeys(db)).toEqual(ids(0, 15))

      // 5 of its 10 ids: 2 and 4 only it named, 3 has a file under test/, 8 and 9 the other sample names
      const keep = [0, 1, 5, 6, 7].map(testId)
      sample(stage1, keep)
      await runIndex(db, planIndex([stage1]))
      expect(testKeys(db)).toEqual([...ids(0, 2), testId(3), ...ids(5, 15)])
      expect(db.prepare('SELECT path FROM images WHERE image_key = ?').pluck().get(testId(3))).toBe(join('test', `${testId(3)}.jpg`))
      expect([2, 4].map((i) => splitOf(db, testId(i)))).toEqual([undefined, undefined])

      // the other sample, indexed again without 5..8, takes away the one it alone named
      sample(stage2, ids(9, 15))
      await runIndex(db, planIndex([stage2]))
      expect(testKeys(db)).toEqual([...ids(0, 2), testId(3), ...ids(5, 8), ...ids(9, 15)])
      expect(splitOf(db, testId(8))).toBeUndefined()
    } finally {
      db.close()
    }
  })
})

describe('the queries of a sample import', () => {
  it('reach samples, labels, boxes, scores and edits by key, never scanning a table but the prediction sets', () => {
    const { db } = fresh()
    try {
      db.prepare("INSERT INTO images (id, image_key, split) VALUES (1, ?, 'test'), (2, ?, 'test')").run(testId(1), testId(2))
      db.prepare("INSERT INTO prediction_sets (id, name, kind, file, created_at) VALUES (1, 'run', 'scores', 'run.csv', 'now')").run()
      replaceSampleImages(db, 'sample.csv', [1, 2])
      const log: LoggedQuery[] = []
      const logged = loggingDb(db, log)
      const dropped = replaceSampleImages(logged, 'sample.csv', [1])
      expect(dropSampleImages(logged, dropped, () => null)).toEqual([testId(2)])
      const plans = log.map((query) => planOf(db, query)).join('\n')
      expect(plans).toMatch(/USING COVERING INDEX sample_images_by_image \(image_id=\?\)/)
      expect(plans).toMatch(/SEARCH p USING PRIMARY KEY \(set_id=\? AND image_id=\?\)/)
      expect(plans).not.toMatch(/\bSCAN (?!s\b)/)
    } finally {
      db.close()
    }
  })
})

describe('ids of a scores or submission file that the catalog does not hold', () => {
  it('are skipped and reported with file:line, and create no image; a known training image is scored and stays one', async () => {
    const { dir, db } = fresh()
    try {
      sample(join(dir, 'stage_1_sample_submission.csv'), ids(0, 4))
      write(join(dir, 'train_human_labels.csv'), ['ImageID,Source,LabelName,Confidence', `${trainA},verification,/m/01g317,1`])
      await runIndex(db, planIndex([dir], { scan: false }))
      const images = count(db, 'SELECT count(*) FROM images')
      const scores = write(join(dir, 'scores.csv'), ['image_id,label_code,score', `${testId(0)},/m/01g317,0.9`, `${unknown},/m/01g317,0.8`, `${trainA},/m/0k4j,0.1`, `${testId(9)},/m/0k4j,0.3`])
      const submission = write(join(dir, 'my-run.csv'), ['image_id,labels', `${testId(9)},/m/01g317`, `${testId(2)},/m/01g317 /m/0k4j`, `${unknown},`])
      const report = await runIndex(db, planIndex([], { scores: [`run=${scores}`], submissions: [`mine=${submission}`] }))
      const file = (kind: string) => report.files.find((f) => f.kind === kind)!
      expect(file('scores')).toMatchObject({ rows: 2, skipped: 2, skippedByKind: { 'unknown-image': 2 } })
      expect(file('scores').problems.map((p) => [p.kind, p.where])).toEqual([
        ['unknown-image', 'scores.csv:3'],
        ['unknown-image', 'scores.csv:5'],
      ])
      expect(file('scores').problems[0]!.message).toMatch(new RegExp(`^image_id ${unknown} is not in the catalog`))
      expect(file('submission')).toMatchObject({ rows: 1, skipped: 2, skippedByKind: { 'unknown-image': 2 } })
      expect(file('submission').problems.map((p) => p.where)).toEqual(['my-run.csv:2', 'my-run.csv:4'])
      expect(count(db, 'SELECT count(*) FROM images')).toBe(images)
      expect(testKeys(db)).toEqual(ids(0, 4))
      expect(splitOf(db, trainA)).toBe('train')
      expect(count(db, "SELECT count(*) FROM predictions p JOIN prediction_sets s ON s.id = p.set_id WHERE s.name = 'run'")).toBe(2)
      expect(count(db, "SELECT count(*) FROM predictions p JOIN prediction_sets s ON s.id = p.set_id WHERE s.name = 'mine'")).toBe(2)
    } finally {
      db.close()
    }
  })

  it('indexing the tuning labels again takes tuning status from the images it names no more', async () => {
    const { dir, db } = fresh()
    const sample = write(join(dir, 'stage_2_sample_submission.csv'), ['image_id,labels', ...ids(0, 4).map((id) => `${id},/m/01g317`)])
    // tuning images 0..7: 0..3 in the sample too; 4 also scored; 5..7 nothing else
    const tuning = join(dir, 'tuning_labels.csv')
    write(tuning, ids(0, 8).map((id) => `${id},/m/01g317 /m/0k4j`))
    await runIndex(db, planIndex([join(dir, 'class-descriptions.csv'), sample, tuning]))
    const scores = write(join(dir, 'scores.csv'), ['image_id,label_code,score', `${testId(4)},/m/01g317,0.5`])
    await runIndex(db, planIndex([], { scores: [`run=${scores}`] }))
    const splits = () => Object.fromEntries((db.prepare('SELECT image_key, split FROM images ORDER BY image_key').raw().all() as Array<[string, string]>))
    expect(Object.values(splits())).toEqual(Array(8).fill('tuning'))

    // the new file names 0, 1 and 4..5 (4 of 8: half, which the replace guard lets through)
    write(tuning, [0, 1, 4, 5].map((i) => `${testId(i)},/m/01g317`))
    const report = await runIndex(db, planIndex([tuning]))
    expect(report.files[0]).toMatchObject({ rows: 4, tuningIdsDropped: { images: 4, removed: 2 } })
    expect(splits()).toEqual({ [testId(0)]: 'tuning', [testId(1)]: 'tuning', [testId(2)]: 'test', [testId(3)]: 'test', [testId(4)]: 'tuning', [testId(5)]: 'tuning' })
    // naming 4 no more: its scores keep it, in no split
    write(tuning, [0, 1, 5].map((i) => `${testId(i)},/m/01g317`))
    await runIndex(db, planIndex([tuning]))
    expect(splits()[testId(4)]).toBe('none')
    expect(db.prepare('SELECT count(*) FROM predictions').pluck().get()).toBe(1)
    db.close()
  })
})
