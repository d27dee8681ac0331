import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCatalog } from '../../../../src/main/db/connection'
import { planIndex } from '../../../../src/main/services/catalog/index-plan'
import { runIndex } from '../../../../src/main/services/catalog/run-index'
import { challengeSetFiles, generateChallengeSet, type ChallengeSetManifest } from '../../../../src/main/services/demo/challenge-set'
import { defaultShift, drawProfile, noShift, resolveShift, unseenBackdrops } from '../../../../src/main/services/demo/challenge-shift'
import { chooseChallengeClasses } from '../../../../src/main/services/demo/challenge-classes'
import { readAncestors, readBoxableClasses, readTuningClasses } from '../../../../src/main/services/demo/class-catalog'
import { demoBackdrops } from '../../../../src/main/services/demo/image-plan'
import { evaluateSubmission } from '../../../../src/main/services/evaluation/evaluate-submission'
import { csvRows } from '../../../helpers/csv'
import { tempDir } from '../../../helpers/temp-dir'

const options = { trainImages: 80, stage1TestImages: 30, tuningImages: 12, stage2Images: 30, classes: 40, seed: 11, imageSize: 128 }
const labelHeader = ['ImageID', 'Source', 'LabelName', 'Confidence']
const boxHeader = [...labelHeader, 'XMin', 'XMax', 'YMin', 'YMax', 'IsOccluded', 'IsTruncated', 'IsGroupOf', 'IsDepiction', 'IsInside']

let temp: { dir: string; remove: () => void }
let dir: string
let solutionDir: string
let manifest: ChallengeSetManifest
const progress: number[] = []

const rows = (name: string, header: boolean): string[][] => csvRows(join(dir, name), header)
const firstRow = (file: string): string[] => csvRows(file, false)[0]!
const ids = (name: string, header: boolean): string[] => rows(name, header).map((row) => row[0]!)
const jpegIds = (folder: string): string[] => readdirSync(join(dir, folder)).map((name) => name.replace(/\.jpg$/, '')).sort()

/** Every file under a folder with its SHA-1, relative path first: equal for equal trees. */
function treeHashes(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .map((file) => `${file.slice(root.length)} ${createHash('sha1').update(readFileSync(file)).digest('hex')}`)
    .sort()
}

beforeAll(async () => {
  temp = tempDir('oiw-challenge-')
  dir = join(temp.dir, 'set')
  solutionDir = join(temp.dir, 'solutions')
  manifest = await generateChallengeSet(dir, solutionDir, { ...options, onProgress: (done) => progress.push(done) })
})

afterAll(() => temp?.remove())

describe('generateChallengeSet', () => {
  it('lays the folder out as the challenge shipped it: no boxable list, no hierarchy, no truth', () => {
    expect(readdirSync(dir).sort()).toEqual([...Object.values(challengeSetFiles), 'test', 'train'].sort())
    expect(readdirSync(solutionDir).sort()).toEqual(['solution_stage_1.csv', 'solution_stage_2.csv'])
    expect(manifest.solutionFiles).toEqual({ stage1: join(solutionDir, 'solution_stage_1.csv'), stage2: join(solutionDir, 'solution_stage_2.csv') })
    expect(progress).toEqual(Array.from({ length: 152 }, (_, i) => i + 1))
  })

  it('writes the headers docs/formats.md gives each file, and none where it gives none', () => {
    expect(firstRow(join(dir, challengeSetFiles.humanLabels))).toEqual(labelHeader)
    expect(firstRow(join(dir, challengeSetFiles.machineLabels))).toEqual(labelHeader)
    expect(firstRow(join(dir, challengeSetFiles.boxes))).toEqual(boxHeader)
    expect(firstRow(join(dir, challengeSetFiles.trainableClasses))).toEqual(['label_code'])
    expect(firstRow(join(dir, challengeSetFiles.stage1Sample))).toEqual(['image_id', 'labels'])
    expect(firstRow(join(dir, challengeSetFiles.stage2Sample))).toEqual(['image_id', 'labels'])
    for (const file of [join(dir, challengeSetFiles.classDescriptions), join(dir, challengeSetFiles.tuningLabels), ...Object.values(manifest.solutionFiles)]) {
      expect(firstRow(file)[0], file).toMatch(/^(\/m\/|[0-9a-f]{24}$)/)
    }
  })

  it('splits the test ids: tuning inside stage 1, stage 2 apart, every one a JPEG under test/', () => {
    const stage1 = ids(challengeSetFiles.stage1Sample, true)
    const stage2 = ids(challengeSetFiles.stage2Sample, true)
    const tuning = ids(challengeSetFiles.tuningLabels, false)
    expect(stage1).toHaveLength(options.stage1TestImages + options.tuningImages)
    expect(stage2).toHaveLength(options.stage2Images)
    expect(tuning).toHaveLength(options.tuningImages)
    expect(stage1).toEqual(expect.arrayContaining(tuning))
    expect(stage2.filter((id) => stage1.includes(id))).toEqual([])
    for (const id of [...stage1, ...stage2]) expect(id).toMatch(/^[0-9a-f]{24}$/)
    expect(jpegIds('test')).toEqual([...stage1, ...stage2].sort())
    const solution1 = csvRows(manifest.solutionFiles.stage1, false).map((row) => row[0])
    const solution2 = csvRows(manifest.solutionFiles.stage2, false).map((row) => row[0])
    expect(solution1).toEqual(stage1.filter((id) => !tuning.includes(id)))
    expect(solution2).toEqual(stage2)
  })

  it('gives every sample row the same placeholder answer', () => {
    for (const name of [challengeSetFiles.stage1Sample, challengeSetFiles.stage2Sample]) {
      expect(new Set(rows(name, true).map((row) => row[1]))).toEqual(new Set([manifest.placeholder.join(' ')]))
    }
  })

  it('draws JPEGs of the asked size for every training id', async () => {
    const train = jpegIds('train')
    expect(train).toHaveLength(options.trainImages)
    for (const id of train) expect(id).toMatch(/^[0-9a-f]{16}$/)
    expect(new Set(ids(challengeSetFiles.humanLabels, true))).toEqual(new Set(train))
    for (const id of train.slice(0, 10)) {
      const { format, width, height } = await sharp(join(dir, 'train', `${id}.jpg`)).metadata()
      expect(format).toBe('jpeg')
      expect(Math.max(width, height)).toBeLessThanOrEqual(options.imageSize)
      expect(Math.max(width, height)).toBeGreaterThanOrEqual(0.8 * options.imageSize - 1)
    }
  })

  it('labels training images like Open Images: partial verification, verified negatives, noisy machine, boxes', () => {
    const human = rows(challengeSetFiles.humanLabels, true)
    expect(new Set(human.map((row) => row[1]))).toEqual(new Set(['verification', 'crowdsource-verification']))
    expect(new Set(human.map((row) => row[3]))).toEqual(new Set(['0', '1']))
    const verified = new Set(human.map((row) => `${row[0]} ${row[2]}`))
    const boxes = rows(challengeSetFiles.boxes, true)
    expect(new Set(boxes.map((row) => row[1]))).toEqual(new Set(['xclick', 'activemil']))
    expect(boxes.some((row) => !verified.has(`${row[0]} ${row[2]}`)), 'a boxed class left unverified').toBe(true)
    const boxed = new Set(boxes.map((row) => row[2]))
    for (const code of manifest.classes.unboxed) expect(boxed.has(code), code).toBe(false)
    expect(human.some((row) => manifest.classes.unboxed.includes(row[2]!)), 'image-level labels without boxes').toBe(true)
    const machine = rows(challengeSetFiles.machineLabels, true)
    for (const row of machine) expect(Number(row[3])).toBeGreaterThanOrEqual(0)
    const present = new Set([...human.filter((row) => row[3] === '1'), ...boxes].map((row) => `${row[0]} ${row[2]}`))
    const confidence = (truth: boolean): number => {
      const picked = machine.filter((row) => present.has(`${row[0]} ${row[2]}`) === truth)
      return picked.reduce((sum, row) => sum + Number(row[3]), 0) / picked.length
    }
    expect(confidence(true), 'machine confidence follows the truth').toBeGreaterThan(confidence(false) + 0.2)
  })

  it('uses real described codes, lists those used as trainable, and has fewer labels per image on stage 2 than in training', () => {
    const described = new Set(rows(challengeSetFiles.classDescriptions, false).map((row) => row[0]))
    const trainable = ids(challengeSetFiles.trainableClasses, true)
    expect(trainable).toEqual(manifest.classes.trainable)
    const used = new Set([
      ...[challengeSetFiles.humanLabels, challengeSetFiles.machineLabels, challengeSetFiles.boxes].flatMap((name) => rows(name, true).map((row) => row[2]!)),
      ...[join(dir, challengeSetFiles.tuningLabels), ...Object.values(manifest.solutionFiles)].flatMap((file) => csvRows(file, false).flatMap((row) => row[1]!.split(' '))),
    ])
    expect(new Set(trainable)).toEqual(used)
    for (const code of used) expect(described.has(code), code).toBe(true)
    const positives = rows(challengeSetFiles.humanLabels, true).filter((row) => row[3] === '1').length
    const stage2 = csvRows(manifest.solutionFiles.stage2, false).flatMap((row) => row[1]!.split(' ')).length
    expect(positives / options.trainImages).toBeCloseTo(manifest.labelsPerImage.train, 3)
    expect(stage2 / options.stage2Images).toBeCloseTo(manifest.labelsPerImage.stage2, 3)
    expect(manifest.labelsPerImage.train).toBeGreaterThan(3)
    expect(manifest.labelsPerImage.train).toBeGreaterThan(manifest.labelsPerImage.stage1Test)
    expect(manifest.labelsPerImage.stage1Test).toBeGreaterThan(manifest.labelsPerImage.stage2)
  })

  it('writes solutions oiw evaluate reads', async () => {
    const report = await evaluateSubmission(manifest.solutionFiles.stage1, join(dir, challengeSetFiles.stage1Sample))
    expect(report).toMatchObject({ images: options.stage1TestImages, missingImages: 0, ignoredIds: options.tuningImages, repeatedRows: 0 })
    expect(report.problems.total).toBe(0)
    expect(report.meanF2).toBeGreaterThan(0)
  })

  it('indexes with oiw index without a skipped row: tuning images split tuning, the other test images split test', async () => {
    const db = openCatalog(join(temp.dir, 'catalog.sqlite'))
    try {
      const report = await runIndex(db, planIndex([dir]))
      expect(report.files.map((file) => file.kind).sort()).toEqual(
        ['boxes', 'classes', 'human-labels', 'image-store', 'machine-labels', 'sample-submission', 'sample-submission', 'trainable-classes', 'tuning-labels'].sort(),
      )
      for (const file of report.files) expect(file.skipped, file.file).toBe(0)
      expect(report).toMatchObject({ imagesOnDisk: 152, imagesMissing: 0, filesWithoutLabels: 60, classesUnknown: 0 })
      const splits = Object.fromEntries(db.prepare('SELECT split, count(*) AS n FROM images GROUP BY split').raw().all() as Array<[string, number]>)
      expect(splits).toEqual({ train: 80, tuning: 12, test: 60 })
      const tuningSplits = db.prepare('SELECT DISTINCT split FROM images WHERE image_key IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(ids(challengeSetFiles.tuningLabels, false)))
      expect(tuningSplits).toEqual(['tuning'])
      expect(db.prepare('SELECT count(*) FROM boxes').pluck().get()).toBe(manifest.rows.boxes)
    } finally {
      db.close()
    }
  })

  it('is deterministic for a seed and varies with it; refuses a used folder and a solution folder inside the set', async () => {
    const again = await generateChallengeSet(join(temp.dir, 'again'), join(temp.dir, 'again-solutions'), options)
    expect(treeHashes(join(temp.dir, 'again'))).toEqual(treeHashes(dir))
    expect(treeHashes(join(temp.dir, 'again-solutions'))).toEqual(treeHashes(solutionDir))
    expect({ ...again, dir, solutionDir, solutionFiles: null, seconds: 0 }).toEqual({ ...manifest, solutionFiles: null, seconds: 0 })
    await generateChallengeSet(join(temp.dir, 'other'), join(temp.dir, 'other-solutions'), { ...options, seed: 12 })
    expect(readFileSync(join(temp.dir, 'other', challengeSetFiles.boxes), 'utf8')).not.toBe(readFileSync(join(dir, challengeSetFiles.boxes), 'utf8'))
    await expect(generateChallengeSet(dir, join(temp.dir, 'x'), options)).rejects.toThrow(/not empty/)
    await expect(generateChallengeSet(join(temp.dir, 'y'), join(temp.dir, 'y', 'solutions'), options)).rejects.toThrow(/outside/)
    expect(existsSync(join(temp.dir, 'y'))).toBe(false)
  })
})

describe('challenge-set shift and classes', () => {
  it('draws stage 2 on unseen backdrops with another prior and fewer objects; none draws every set like training', async () => {
    const sources = { boxable: await readBoxableClasses(), tuning: await readTuningClasses(), ancestors: await readAncestors() }
    const classes = chooseChallengeClasses(60, sources, [...demoBackdrops, ...unseenBackdrops])
    expect(new Set(classes.map((c) => c.code)).size).toBe(60)
    expect(new Set(classes.map((c) => c.colour)).size).toBe(60)
    expect(classes[0]!.name).toBe('Person')
    expect(classes.filter((c) => !c.boxed)).toHaveLength(9)
    const train = drawProfile(classes, 128, 1, noShift)
    const stage2 = drawProfile(classes, 128, 1, defaultShift.stage2)
    expect(train.unseenShare).toBe(0)
    expect(stage2.unseenShare).toBeGreaterThan(0.5)
    expect(stage2.unseen.backdrops).toEqual(unseenBackdrops)
    const mean = (weights: readonly number[]): number => weights.reduce((s, w, i) => s + w * (i + 1), 0) / weights.reduce((s, w) => s + w, 0)
    expect(mean(stage2.seen.objectCounts)).toBeLessThan(mean(train.seen.objectCounts) - 0.5)
    const tailShare = (weights: readonly number[]): number => weights.slice(30).reduce((s, w) => s + w, 0) / weights.reduce((s, w) => s + w, 0)
    expect(tailShare(stage2.seen.classWeights!)).toBeGreaterThan(1.5 * tailShare(train.seen.classWeights!))
    expect(resolveShift('none')).toEqual({ stage1: noShift, stage2: noShift, tuning: 'stage1' })
    expect(resolveShift({ tuning: 'stage2' })).toEqual({ ...defaultShift, tuning: 'stage2' })
    expect(() => resolveShift({ stage2: { backdrop: 2, prior: 0, fewerObjects: 0 } })).toThrow(/from 0 to 1/)
  })
})
