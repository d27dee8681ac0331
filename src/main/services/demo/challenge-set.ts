import { mkdir, readdir } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { Random, hashSeed } from '../../../shared/prng'
import { datasetFiles } from '../catalog/dataset-files'
import { describedClasses, readAncestors, readBoxableClasses, readTuningClasses } from './class-catalog'
import { chooseChallengeClasses, type ChallengeClass } from './challenge-classes'
import { drawProfile, noShift, resolveShift, styleFor, unseenBackdrops, type DrawProfile, type ShiftOptions, type ShiftSetting } from './challenge-shift'
import { CsvFile, closeAfter } from './csv-file'
import { demoBackdrops, demoImageIds, imageRandom, layoutImage, type ImageLayout } from './image-plan'
import { boxFields, planHumanLabels, planMachineLabels, planTruthLabels, type LabelStyle } from './label-plan'
import { renderDemoImage } from './render-image'
import { TaskLimiter } from './task-limiter'

/**
 * What to generate. `stage1TestImages` counts the stage-1 test images that are not tuning images (their truth
 * goes to solution_stage_1.csv); the stage-1 sample submission lists those plus the `tuningImages`.
 * `imageSize` is the longest side in pixels; progress counts written JPEGs.
 */
export interface ChallengeSetOptions {
  trainImages: number
  stage1TestImages: number
  tuningImages: number
  stage2Images: number
  classes: number
  seed: number
  shift?: ShiftSetting
  imageSize?: number
  onProgress?: (done: number, total: number) => void
}

/** 1,700 images of at most 160 px over 50 classes: a set a small CNN learns on a CPU in minutes. */
export const defaultChallengeSetOptions: ChallengeSetOptions = {
  trainImages: 1000,
  stage1TestImages: 300,
  tuningImages: 100,
  stage2Images: 300,
  classes: 50,
  seed: 7,
  imageSize: 160,
}

/** Per-set means: human positives per training image, true labels per test image. */
export interface LabelsPerImage {
  train: number
  stage1Test: number
  tuning: number
  stage2: number
}

/** What was written, and where. `classes.drawn` is commonest first in training; `placeholder` is the sample submissions' answer. */
export interface ChallengeSetManifest {
  dir: string
  solutionDir: string
  solutionFiles: { stage1: string; stage2: string }
  images: { train: number; stage1Test: number; tuning: number; stage2: number }
  rows: { humanLabels: number; machineLabels: number; boxes: number }
  classes: { trainable: string[]; drawn: string[]; unboxed: string[] }
  labelsPerImage: LabelsPerImage
  placeholder: string[]
  shift: ShiftOptions
  seconds: number
}

/** The files of the challenge's download, as it shipped them (no boxable list, no hierarchy). */
export const challengeSetFiles = {
  classDescriptions: 'class-descriptions.csv',
  trainableClasses: 'classes-trainable.csv',
  humanLabels: 'train_human_labels.csv',
  machineLabels: 'train_machine_labels.csv',
  boxes: 'train_bounding_boxes.csv',
  tuningLabels: 'tuning_labels.csv',
  stage1Sample: 'stage_1_sample_submission.csv',
  stage2Sample: 'stage_2_sample_submission.csv',
} as const

/** Training labels: most drawn classes verified, ancestors often, a few verified negatives; a noisy machine. */
const trainLabelStyle: LabelStyle = {
  verifyPresent: 0.9,
  ancestorChance: 0.9,
  negatives: [1, 3],
  machineHit: 0.85,
  machinePresentTenths: [5, 10],
  machineFalse: [0, 3],
  machineFalseTenths: [1, 6],
}

/** The raters of the test images name an ancestor of what they see only now and then: ~2.4 labels per image. */
const truthAncestorChance = 0.1

/** Share of boxes from `activemil` (proposed by a model, verified by a human) rather than `xclick`. */
const activemilShare = 0.15

/** JPEG encodes in flight at once (as the demo). */
const renderConcurrency = 4

type TestSet = 'stage1' | 'tuning' | 'stage2'
type Files = Record<'human' | 'machine' | 'boxes' | 'tuning' | 'stage1Sample' | 'stage2Sample' | 'stage1Truth' | 'stage2Truth', CsvFile>

interface Generation {
  dir: string
  seed: number
  classes: readonly ChallengeClass[]
  files: Files
  used: Set<string>
  labels: Record<keyof LabelsPerImage, number>
  limiter: TaskLimiter
  progress: () => void
}

/**
 * Writes a dataset folder laid out exactly as the Inclusive Images challenge shipped it, at a chosen small
 * scale: real Open Images class codes (long-tailed), training images with human labels (verified positives
 * and negatives), noisy machine labels and boxes, tuning labels, the two stages' sample submissions, JPEGs under
 * `train/` and `test/` (stage 1, tuning and stage 2 alike). Test images are drawn with a domain shift from
 * training (`shift`), stage 2 the furthest. The test truth goes only to `solutionDir` (solution_stage_1.csv
 * for the stage-1 images other than tuning, solution_stage_2.csv; no header, as `oiw evaluate --truth` reads),
 * which must lie outside `dir`; `dir` must be empty or absent. Deterministic for a seed; about 1,700 images
 * of 160 px take 3–5 s on two cores.
 */
export async function generateChallengeSet(dir: string, solutionDir: string, options: Partial<ChallengeSetOptions> = {}): Promise<ChallengeSetManifest> {
  const started = performance.now()
  const o = { ...defaultChallengeSetOptions, ...options }
  const imageSize = o.imageSize ?? 160
  checkOptions(o, imageSize)
  await prepareFolders(dir, solutionDir)
  const [boxable, tuning, ancestors] = await Promise.all([readBoxableClasses(), readTuningClasses(), readAncestors()])
  const classes = chooseChallengeClasses(o.classes, { boxable, tuning, ancestors }, [...demoBackdrops, ...unseenBackdrops])
  const shift = resolveShift(o.shift)
  const profiles: Record<'train' | TestSet, DrawProfile> = {
    train: drawProfile(classes, imageSize, o.seed, noShift),
    stage1: drawProfile(classes, imageSize, o.seed, shift.stage1),
    tuning: drawProfile(classes, imageSize, o.seed, shift[shift.tuning]),
    stage2: drawProfile(classes, imageSize, o.seed, shift.stage2),
  }
  const placeholder = classes.slice(0, 3).map((c) => c.code)
  const solutionFiles = { stage1: join(solutionDir, 'solution_stage_1.csv'), stage2: join(solutionDir, 'solution_stage_2.csv') }
  const files = openFiles(dir, solutionFiles)
  const total = o.trainImages + o.stage1TestImages + o.tuningImages + o.stage2Images
  let done = 0
  const gen: Generation = {
    dir, seed: o.seed, classes, files, used: new Set(), labels: { train: 0, stage1Test: 0, tuning: 0, stage2: 0 },
    limiter: new TaskLimiter(renderConcurrency), progress: () => o.onProgress?.(++done, total),
  }
  await closeAfter(Object.values(files), async () => {
    try {
      for (const imageId of demoImageIds(o.seed, o.trainImages)) await writeTrainImage(gen, imageId, profiles.train)
      for (const [imageId, set] of testSets(o)) await writeTestImage(gen, imageId, set, profiles[set], placeholder.join(' '))
    } catch (error) {
      await gen.limiter.settled()
      throw error
    }
    await gen.limiter.drain()
  })
  const trainable = [...gen.used].sort()
  await writeClassFiles(dir, describedClasses(boxable, tuning), trainable)
  const per = (labels: number, images: number): number => (images > 0 ? Math.round((labels / images) * 1000) / 1000 : 0)
  return {
    dir: resolve(dir),
    solutionDir: resolve(solutionDir),
    solutionFiles,
    images: { train: o.trainImages, stage1Test: o.stage1TestImages, tuning: o.tuningImages, stage2: o.stage2Images },
    rows: { humanLabels: files.human.rows, machineLabels: files.machine.rows, boxes: files.boxes.rows },
    classes: { trainable, drawn: classes.map((c) => c.code), unboxed: classes.filter((c) => !c.boxed).map((c) => c.code) },
    labelsPerImage: {
      train: per(gen.labels.train, o.trainImages),
      stage1Test: per(gen.labels.stage1Test, o.stage1TestImages),
      tuning: per(gen.labels.tuning, o.tuningImages),
      stage2: per(gen.labels.stage2, o.stage2Images),
    },
    placeholder,
    shift,
    seconds: Math.round(performance.now() - started) / 1000,
  }
}

function checkOptions(o: ChallengeSetOptions, imageSize: number): void {
  for (const key of ['trainImages', 'stage1TestImages', 'tuningImages', 'stage2Images', 'seed'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 0) throw new RangeError(`${key} must be a whole number, got ${o[key]}`)
  }
  if (!Number.isInteger(imageSize) || imageSize < 32 || imageSize > 2048) throw new RangeError(`imageSize must be a whole number from 32 to 2048, got ${imageSize}`)
}

/** Creates the folders; refuses a non-empty `dir` (stale files would spoil the layout) and a `solutionDir` inside it. */
async function prepareFolders(dir: string, solutionDir: string): Promise<void> {
  const inside = relative(resolve(dir), resolve(solutionDir))
  if (!inside.startsWith('..') && !isAbsolute(inside)) throw new RangeError(`the solution folder ${solutionDir} must lie outside the dataset folder ${dir}`)
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  if (entries.length > 0) throw new Error(`${dir} is not empty: a challenge set is written into an empty or new folder`)
  await Promise.all([mkdir(join(dir, 'train'), { recursive: true }), mkdir(join(dir, 'test'), { recursive: true }), mkdir(solutionDir, { recursive: true })])
}

function openFiles(dir: string, solutionFiles: ChallengeSetManifest['solutionFiles']): Files {
  const file = (name: string, header: readonly string[] | null): CsvFile => new CsvFile(join(dir, name), header ?? undefined)
  return {
    human: file(challengeSetFiles.humanLabels, datasetFiles['human-labels'].header),
    machine: file(challengeSetFiles.machineLabels, datasetFiles['machine-labels'].header),
    boxes: file(challengeSetFiles.boxes, datasetFiles.boxes.header),
    tuning: file(challengeSetFiles.tuningLabels, null),
    stage1Sample: file(challengeSetFiles.stage1Sample, datasetFiles['sample-submission'].header),
    stage2Sample: file(challengeSetFiles.stage2Sample, datasetFiles['sample-submission'].header),
    stage1Truth: new CsvFile(solutionFiles.stage1),
    stage2Truth: new CsvFile(solutionFiles.stage2),
  }
}

/** The test ids (24 hex characters, sorted) with their set; the sets are drawn at random, so they interleave in id order. */
function testSets(o: ChallengeSetOptions): Array<[string, TestSet]> {
  const ids = demoImageIds(o.seed, o.stage1TestImages + o.tuningImages + o.stage2Images, 24, 'test-ids')
  const order = [...ids]
  const random = new Random(hashSeed('test-sets', o.seed))
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  const set = new Map<string, TestSet>()
  order.forEach((id, i) => set.set(id, i < o.tuningImages ? 'tuning' : i < o.tuningImages + o.stage1TestImages ? 'stage1' : 'stage2'))
  return ids.map((id) => [id, set.get(id)!])
}

async function writeTrainImage(gen: Generation, imageId: string, profile: DrawProfile): Promise<void> {
  const layout = layoutImage(gen.seed, imageId, gen.classes, styleFor(profile, gen.seed, imageId))
  const random = imageRandom(gen.seed, imageId, 'labels')
  for (const row of planHumanLabels(random, layout, gen.classes, trainLabelStyle)) {
    await gen.files.human.write([imageId, row.source, row.code, row.confidence])
    gen.used.add(row.code)
    if (row.confidence === '1') gen.labels.train++
  }
  for (const row of planMachineLabels(random, layout, gen.classes, trainLabelStyle)) {
    await gen.files.machine.write([imageId, row.source, row.code, row.confidence])
    gen.used.add(row.code)
  }
  const boxRandom = imageRandom(gen.seed, imageId, 'box-source')
  for (const object of layout.objects) {
    if (!(object.cls as ChallengeClass).boxed) continue
    await gen.files.boxes.write(boxFields(layout, object, boxRandom.chance(activemilShare) ? 'activemil' : 'xclick'))
  }
  await render(gen, layout, 'train')
}

async function writeTestImage(gen: Generation, imageId: string, set: TestSet, profile: DrawProfile, placeholder: string): Promise<void> {
  const layout = layoutImage(gen.seed, imageId, gen.classes, styleFor(profile, gen.seed, imageId))
  const truth = planTruthLabels(imageRandom(gen.seed, imageId, 'truth'), layout, truthAncestorChance)
  truth.forEach((code) => gen.used.add(code))
  const row = [imageId, truth.join(' ')]
  if (set === 'tuning') await gen.files.tuning.write(row)
  else await gen.files[set === 'stage1' ? 'stage1Truth' : 'stage2Truth'].write(row)
  await gen.files[set === 'stage2' ? 'stage2Sample' : 'stage1Sample'].write([imageId, placeholder])
  gen.labels[set === 'stage1' ? 'stage1Test' : set] += truth.length
  await render(gen, layout, 'test')
}

function render(gen: Generation, layout: ImageLayout, folder: 'train' | 'test'): Promise<void> {
  return gen.limiter.add(async () => {
    await renderDemoImage(layout, join(gen.dir, folder, `${layout.imageId}.jpg`), { captions: false })
    gen.progress()
  })
}

/** class-descriptions.csv: every described class (no header); classes-trainable.csv: the codes the labels use. */
async function writeClassFiles(dir: string, described: ReturnType<typeof describedClasses>, trainable: readonly string[]): Promise<void> {
  const descriptions = new CsvFile(join(dir, challengeSetFiles.classDescriptions))
  const trainableFile = new CsvFile(join(dir, challengeSetFiles.trainableClasses), datasetFiles['trainable-classes'].header!)
  await closeAfter([descriptions, trainableFile], async () => {
    for (const c of described) await descriptions.write([c.code, c.description])
    for (const code of trainable) await trainableFile.write([code])
  })
}
