import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resourceDataFile } from '../../../../src/main/resources'
import { imageIdPattern } from '../../../../src/shared/ids'
import { readAncestors, readBoxableClasses } from '../../../../src/main/services/demo/class-catalog'
import { hexToRgb, resolveDemoClasses, type Rgb } from '../../../../src/main/services/demo/demo-classes'
import {
  demoImagePath,
  generateDemoDataset,
  type DemoManifest,
} from '../../../../src/main/services/demo/generate-demo-dataset'
import { demoImageSize } from '../../../../src/main/services/demo/image-plan'

const imageCount = 24
const seed = 7
const labelHeader = ['ImageID', 'Source', 'LabelName', 'Confidence']
const boxHeader = [...labelHeader, 'XMin', 'XMax', 'YMin', 'YMax', 'IsOccluded', 'IsTruncated', 'IsGroupOf', 'IsDepiction', 'IsInside']
const labelFiles = ['train_human_labels.csv', 'train_machine_labels.csv', 'train_bounding_boxes.csv'] as const
const csvFiles = [...labelFiles, 'class-descriptions.csv', 'class-descriptions-boxable.csv', 'classes-trainable.csv', 'tuning_labels.csv']

let root: string
let dir: string
let manifest: DemoManifest
const progress: Array<[number, number]> = []

async function readRows(folder: string, name: string): Promise<string[][]> {
  return parse(await readFile(join(folder, name), 'utf8')) as string[][]
}

/** Data rows of a CSV with a header, as records keyed by the header. */
async function readRecords(folder: string, name: string): Promise<Array<Record<string, string>>> {
  return parse(await readFile(join(folder, name), 'utf8'), { columns: true }) as Array<Record<string, string>>
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'oiw-demo-'))
  dir = join(root, 'a')
  manifest = await generateDemoDataset(dir, { images: imageCount, seed, onProgress: (d, t) => progress.push([d, t]) })
})

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true })
})

describe('generateDemoDataset', () => {
  it('writes every file with the header docs/formats.md gives it', async () => {
    expect((await readRows(dir, 'train_human_labels.csv'))[0]).toEqual(labelHeader)
    expect((await readRows(dir, 'train_machine_labels.csv'))[0]).toEqual(labelHeader)
    expect((await readRows(dir, 'train_bounding_boxes.csv'))[0]).toEqual(boxHeader)
    expect((await readRows(dir, 'classes-trainable.csv'))[0]).toEqual(['label_code'])
    for (const name of ['class-descriptions.csv', 'class-descriptions-boxable.csv', 'tuning_labels.csv']) {
      expect((await readRows(dir, name))[0]![0], name).not.toMatch(/label|image/i)
    }
    const hierarchy = JSON.parse(await readFile(join(dir, 'bbox_labels_600_hierarchy.json'), 'utf8')) as unknown
    expect(hierarchy).toHaveProperty('LabelName', '/m/0bl9f')
  })

  it('copies the real class data and lists every described class as trainable', async () => {
    for (const name of ['class-descriptions-boxable.csv', 'bbox_labels_600_hierarchy.json', 'tuning_labels.csv']) {
      expect(await readFile(join(dir, name), 'utf8'), name).toBe(await readFile(resourceDataFile(name), 'utf8'))
    }
    const boxable = await readRows(dir, 'class-descriptions-boxable.csv')
    const described = await readRows(dir, 'class-descriptions.csv')
    const tuning = (await readRecords(resourceDataFile('.'), 'tuning-label-names.csv')).map((r) => r.label_code)
    expect(boxable).toHaveLength(601) // "600 classes" is the usual name; V4's file has 601 rows
    expect(described.slice(0, boxable.length)).toEqual(boxable)
    const codes = described.map((row) => row[0])
    expect(new Set(codes).size).toBe(codes.length)
    expect(codes).toEqual(expect.arrayContaining(tuning))
    const trainable = (await readRows(dir, 'classes-trainable.csv')).slice(1).map((row) => row[0])
    expect(trainable).toEqual(codes)
  })

  it('has a decodable JPEG of the planned size for every image id in the label files', async () => {
    const ids = new Set<string>()
    for (const name of labelFiles) for (const row of await readRecords(dir, name)) ids.add(row.ImageID!)
    expect(ids.size).toBe(imageCount)
    for (const id of ids) {
      expect(id).toMatch(imageIdPattern)
      expect(id).toHaveLength(16)
      const { data, info } = await sharp(demoImagePath(dir, id)).raw().toBuffer({ resolveWithObject: true })
      expect({ width: info.width, height: info.height }).toEqual(demoImageSize(seed, id))
      expect(data.length).toBe(info.width * info.height * info.channels)
    }
    const metadata = await sharp(demoImagePath(dir, [...ids][0]!)).metadata()
    expect(metadata.format).toBe('jpeg')
    const files = await Promise.all([...'0123456789abcdef'].map((c) => readdir(join(dir, 'train', c))))
    expect(files.flat()).toHaveLength(imageCount)
  })

  it('writes boxes inside the image with well-formed fields', async () => {
    const boxes = await readRecords(dir, 'train_bounding_boxes.csv')
    expect(boxes.length).toBeGreaterThanOrEqual(imageCount)
    for (const box of boxes) {
      const [xMin, xMax, yMin, yMax] = [box.XMin, box.XMax, box.YMin, box.YMax].map(Number) as [number, number, number, number]
      for (const value of [box.XMin, box.XMax, box.YMin, box.YMax]) expect(value).toMatch(/^[01]\.\d{6}$/)
      expect(xMin).toBeGreaterThanOrEqual(0)
      expect(yMin).toBeGreaterThanOrEqual(0)
      expect(xMax).toBeLessThanOrEqual(1)
      expect(yMax).toBeLessThanOrEqual(1)
      expect(xMin).toBeLessThan(xMax)
      expect(yMin).toBeLessThan(yMax)
      expect(box).toMatchObject({ Source: 'xclick', Confidence: '1', IsGroupOf: '0', IsInside: '0' })
      for (const flag of [box.IsOccluded, box.IsTruncated, box.IsDepiction]) expect(['0', '1']).toContain(flag)
    }
  })

  it('draws each image’s top object in its class colour across its box', async () => {
    const boxable = await readBoxableClasses()
    const colours = new Map(resolveDemoClasses(boxable, await readAncestors()).map((c) => [c.code, hexToRgb(c.colour)]))
    const topBoxes = new Map<string, Record<string, string>>()
    for (const box of await readRecords(dir, 'train_bounding_boxes.csv')) topBoxes.set(box.ImageID!, box)
    for (const [id, box] of topBoxes) {
      const { data, info } = await sharp(demoImagePath(dir, id)).raw().toBuffer({ resolveWithObject: true })
      const [left, right] = [Number(box.XMin) * info.width, Number(box.XMax) * info.width]
      const [top, bottom] = [Number(box.YMin) * info.height, Number(box.YMax) * info.height]
      const [cx, cy] = [Math.floor((left + right) / 2), Math.floor((top + bottom) / 2)]
      // Centre and 5 px inside each edge, on the centre lines: inside every shape kind, away from the caption.
      const inset = 5
      const probes: Array<[number, number]> = [
        [cx, cy],
        [Math.round(left) + inset, cy],
        [Math.round(right) - 1 - inset, cy],
        [cx, Math.round(top) + inset],
        [cx, Math.round(bottom) - 1 - inset],
      ]
      const expected = colours.get(box.LabelName!)!
      for (const [x, y] of probes) {
        const offset = (y * info.width + x) * info.channels
        const actual = { r: data[offset]!, g: data[offset + 1]!, b: data[offset + 2]! }
        // Palette colours are at least 51 apart per channel, so within 25 the pixel can only be this class.
        expect(colourDistance(actual, expected), `${id} ${box.LabelName} at ${x},${y}`).toBeLessThanOrEqual(25)
      }
    }
  })

  it('labels boxed classes and some of their ancestors present, and only unrelated classes absent', async () => {
    const boxes = await readRecords(dir, 'train_bounding_boxes.csv')
    const boxedLabels = new Set(boxes.map((box) => `${box.ImageID} ${box.LabelName}`))
    const positives = new Set<string>()
    const negatives = new Set<string>()
    for (const row of await readRecords(dir, 'train_human_labels.csv')) {
      expect(['verification', 'crowdsource-verification']).toContain(row.Source)
      expect(['0', '1']).toContain(row.Confidence)
      ;(row.Confidence === '1' ? positives : negatives).add(`${row.ImageID} ${row.LabelName}`)
    }
    const implied = new Set<string>()
    const ancestors = await readAncestors()
    for (const box of boxes) {
      expect(positives).toContain(`${box.ImageID} ${box.LabelName}`)
      for (const code of [box.LabelName!, ...(ancestors.get(box.LabelName!) ?? [])]) implied.add(`${box.ImageID} ${code}`)
    }
    const parentLabels = [...positives].filter((label) => !boxedLabels.has(label))
    expect(parentLabels.length).toBeGreaterThan(0)
    for (const label of parentLabels) expect(implied, 'a positive beyond the boxes is an ancestor').toContain(label)
    for (const label of negatives) expect(implied).not.toContain(label)
  })

  it('writes machine labels with one-decimal confidences', async () => {
    const rows = await readRecords(dir, 'train_machine_labels.csv')
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) {
      expect(row.Source).toBe('machine')
      expect(row.Confidence).toMatch(/^(0\.[1-9]|1\.0)$/)
    }
  })

  it('returns a manifest that matches the files and reports progress per image', async () => {
    const counts = await Promise.all(labelFiles.map(async (name) => (await readRecords(dir, name)).length))
    expect([manifest.humanLabels, manifest.machineLabels, manifest.boxes]).toEqual(counts)
    expect(manifest.images).toBe(imageCount)
    const boxed = new Set((await readRecords(dir, 'train_bounding_boxes.csv')).map((box) => box.LabelName))
    expect(new Set(manifest.classes)).toEqual(boxed)
    expect(progress).toHaveLength(imageCount)
    expect(progress.map(([done]) => done)).toEqual(Array.from({ length: imageCount }, (_, i) => i + 1))
    expect(progress.every(([, total]) => total === imageCount)).toBe(true)
  })

  it('is deterministic for a seed, overwrites earlier output, and varies with the seed', async () => {
    const again = join(root, 'b')
    await generateDemoDataset(again, { images: 5, seed: 99 })
    await generateDemoDataset(again, { images: imageCount, seed })
    for (const name of csvFiles) {
      expect(await readFile(join(again, name), 'utf8'), name).toBe(await readFile(join(dir, name), 'utf8'))
    }
    const other = join(root, 'c')
    await generateDemoDataset(other, { images: imageCount, seed: seed + 1 })
    const boxes = await readFile(join(other, 'train_bounding_boxes.csv'), 'utf8')
    expect(boxes).not.toBe(await readFile(join(dir, 'train_bounding_boxes.csv'), 'utf8'))
  })
})

function colourDistance(a: Rgb, b: Rgb): number {
  return Math.max(Math.abs(a.r - b.r), Math.abs(a.g - b.g), Math.abs(a.b - b.b))
}
