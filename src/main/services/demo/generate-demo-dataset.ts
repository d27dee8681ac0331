import { copyFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { resourceDataFile } from '../../resources'
import { describedClasses, readAncestors, readBoxableClasses, readTuningClasses, type ClassDescription } from './class-catalog'
import { CsvFile, closeAfter } from './csv-file'
import { resolveDemoClasses, type DemoClass } from './demo-classes'
import { demoImageIds, imageRandom, layoutImage, type ImageLayout } from './image-plan'
import { boxFields, planHumanLabels, planMachineLabels, type LabelRow } from './label-plan'
import { renderDemoImage } from './render-image'
import { TaskLimiter } from './task-limiter'

/** What to generate. `images` is a count; `seed` picks ids, layouts and labels; progress counts written JPEGs. */
export interface DemoOptions {
  images: number
  seed: number
  onProgress?: (done: number, total: number) => void
}

/** What was written: row counts of the three label files, and the codes of the classes drawn (boxed), commonest first. */
export interface DemoManifest {
  images: number
  humanLabels: number
  machineLabels: number
  boxes: number
  classes: string[]
}

const defaultOptions: DemoOptions = { images: 300, seed: 7 }

/** JPEG encodes in flight at once: keeps two cores busy without holding many decoded canvases. */
const renderConcurrency = 4

const labelHeader = ['ImageID', 'Source', 'LabelName', 'Confidence']
const boxHeader = [...labelHeader, 'XMin', 'XMax', 'YMin', 'YMax', 'IsOccluded', 'IsTruncated', 'IsGroupOf', 'IsDepiction', 'IsInside']

interface LabelFiles {
  human: CsvFile
  machine: CsvFile
  boxes: CsvFile
}

/**
 * Writes a small, real-looking Open Images training set into `outDir` so a first run has something to show:
 * JPEGs under `train/<first id char>/<ImageID>.jpg` with coloured shapes of real boxable classes, their boxes
 * (normalized 0..1, exactly the drawn extents), human and machine labels, and the real class lists, hierarchy
 * and tuning labels, all in docs/formats.md formats. Deterministic for a seed; overwrites same-named files (it never
 * deletes anything, so images of an earlier run with another seed stay). About 300 images take seconds.
 */
export async function generateDemoDataset(outDir: string, options: Partial<DemoOptions> = {}): Promise<DemoManifest> {
  const { images, seed, onProgress } = { ...defaultOptions, ...options }
  if (!Number.isInteger(images) || images < 0) throw new RangeError(`images must be a whole number, got ${images}`)
  await prepareFolders(outDir)
  const [boxable, ancestors] = await Promise.all([readBoxableClasses(), readAncestors()])
  await writeClassFiles(outDir, boxable)
  const classes = resolveDemoClasses(boxable, ancestors)
  const files: LabelFiles = {
    human: new CsvFile(join(outDir, 'train_human_labels.csv'), labelHeader),
    machine: new CsvFile(join(outDir, 'train_machine_labels.csv'), labelHeader),
    boxes: new CsvFile(join(outDir, 'train_bounding_boxes.csv'), boxHeader),
  }
  const drawn = await closeAfter(Object.values(files), () =>
    writeImages(outDir, seed, demoImageIds(seed, images), classes, files, onProgress),
  )
  return {
    images,
    humanLabels: files.human.rows,
    machineLabels: files.machine.rows,
    boxes: files.boxes.rows,
    classes: classes.filter((cls) => drawn.has(cls.code)).map((cls) => cls.code),
  }
}

/** Path of a demo image inside the dataset folder, nested by the id's first hex character like `train/0/…`. */
export function demoImagePath(outDir: string, imageId: string): string {
  return join(outDir, 'train', imageId[0]!, `${imageId}.jpg`)
}

async function prepareFolders(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true })
  const hexDigits = [...'0123456789abcdef']
  await Promise.all(hexDigits.map((digit) => mkdir(join(outDir, 'train', digit), { recursive: true })))
}

/** Lays out, labels and renders every image; label rows go out in id order, JPEGs a few at a time. */
async function writeImages(
  outDir: string,
  seed: number,
  ids: readonly string[],
  classes: readonly DemoClass[],
  files: LabelFiles,
  onProgress: DemoOptions['onProgress'],
): Promise<Set<string>> {
  const limiter = new TaskLimiter(renderConcurrency)
  const drawn = new Set<string>()
  let done = 0
  try {
    for (const imageId of ids) {
      const layout = layoutImage(seed, imageId, classes)
      const random = imageRandom(seed, imageId, 'labels')
      layout.objects.forEach((object) => drawn.add(object.cls.code))
      await writeLabelRows(files.human, imageId, planHumanLabels(random, layout, classes))
      await writeLabelRows(files.machine, imageId, planMachineLabels(random, layout, classes))
      await writeBoxRows(files.boxes, layout)
      await limiter.add(async () => {
        await renderDemoImage(layout, demoImagePath(outDir, imageId))
        onProgress?.(++done, ids.length)
      })
    }
  } catch (error) {
    await limiter.settled()
    throw error
  }
  await limiter.drain()
  return drawn
}

async function writeLabelRows(file: CsvFile, imageId: string, rows: readonly LabelRow[]): Promise<void> {
  for (const row of rows) await file.write([imageId, row.source, row.code, row.confidence])
}

async function writeBoxRows(file: CsvFile, layout: ImageLayout): Promise<void> {
  for (const object of layout.objects) await file.write(boxFields(layout, object))
}

/**
 * The class lists: the boxable list, hierarchy and tuning labels copied unchanged; class-descriptions.csv as
 * the boxable classes plus the tuning classes they lack; classes-trainable.csv as every one of those codes.
 */
async function writeClassFiles(outDir: string, boxable: readonly ClassDescription[]): Promise<void> {
  const copies = ['class-descriptions-boxable.csv', 'bbox_labels_600_hierarchy.json', 'tuning_labels.csv']
  await Promise.all(copies.map((name) => copyFile(resourceDataFile(name), join(outDir, name))))
  const all = describedClasses(boxable, await readTuningClasses())
  const descriptions = new CsvFile(join(outDir, 'class-descriptions.csv'))
  const trainable = new CsvFile(join(outDir, 'classes-trainable.csv'), ['label_code'])
  await closeAfter([descriptions, trainable], async () => {
    for (const c of all) {
      await descriptions.write([c.code, c.description])
      await trainable.write([c.code])
    }
  })
}
