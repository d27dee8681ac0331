import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAncestors, readBoxableClasses } from '../../../src/main/services/demo/class-catalog'
import { hexToRgb, resolveDemoClasses, type Rgb } from '../../../src/main/services/demo/demo-classes'
import { parseRunConfig } from '../../../src/shared/training/config'
import { boxSampleAt, loadBoxSamples, loadLabelSamples, type BoxSamples } from '../../../src/worker/data/catalog-samples'
import { loadImage } from '../../../src/worker/data/load-image'
import { fixtureWorkspace, type FixtureWorkspace } from '../../helpers/fixture-workspace'

let fixture: FixtureWorkspace
let boxes: BoxSamples
let imageFile: string

beforeAll(async () => {
  fixture = await fixtureWorkspace(24)
  const config = parseRunConfig({ stages: [{ kind: 'boxes' }], validationFraction: 0.1 })
  boxes = loadBoxSamples(fixture.workspace.db, config, config.stages[0]!)
  imageFile = loadLabelSamples(fixture.workspace.db, config, config.stages[0]!).train.images[0]!.file
})
afterAll(() => fixture.remove())

describe('loadImage', () => {
  it('crops a box at augmentation none to a square dominated by its class colour', async () => {
    const colours = new Map<string, Rgb>(resolveDemoClasses(await readBoxableClasses(), await readAncestors()).map((c) => [c.code, hexToRgb(c.colour)]))
    // the last box of an image is drawn on top of the others
    const top = new Map<number, number>()
    for (let i = 0; i < boxes.train.count; i++) top.set(boxes.train.imageIndexes[i]!, i)
    const size = 32
    let checked = 0
    for (const index of top.values()) {
      const sample = boxSampleAt(boxes.train, index)
      const pixels = await loadImage({ file: sample.file, box: sample.box, size, augmentation: 'none', seed: 1 })
      expect(pixels.length).toBe(size * size * 3)
      const expected = colours.get(boxes.classes[sample.classIndex]!.code)!
      for (const [x, y] of [[15, 15], [16, 16], [15, 16], [16, 15]] as const) {
        const at = (y * size + x) * 3
        const actual = [pixels[at]!, pixels[at + 1]!, pixels[at + 2]!]
        const want = [expected.r, expected.g, expected.b]
        actual.forEach((v, c) => expect(Math.abs(v - want[c]!), `${sample.file} ${boxes.classes[sample.classIndex]!.name}`).toBeLessThanOrEqual(40))
      }
      checked++
    }
    expect(checked).toBeGreaterThan(10)
  })

  it('gives identical bytes for one seed and different bytes for another (soft and hard)', async () => {
    for (const augmentation of ['soft', 'hard'] as const) {
      const a = await loadImage({ file: imageFile, size: 48, augmentation, seed: 7 })
      const b = await loadImage({ file: imageFile, size: 48, augmentation, seed: 7 })
      const c = await loadImage({ file: imageFile, size: 48, augmentation, seed: 8 })
      expect(a.length).toBe(48 * 48 * 3)
      expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true)
      expect(Buffer.from(c).equals(Buffer.from(a))).toBe(false)
    }
  })

  it('resizes the whole image at augmentation none, whatever the seed', async () => {
    const a = await loadImage({ file: imageFile, size: 20, augmentation: 'none', seed: 1 })
    const b = await loadImage({ file: imageFile, size: 20, augmentation: 'none', seed: 2 })
    expect(a.length).toBe(20 * 20 * 3)
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
  })

  it('throws an error naming a missing or corrupt file', async () => {
    await expect(loadImage({ file: '/nonexistent/x.jpg', size: 16, augmentation: 'none', seed: 1 })).rejects.toThrow('/nonexistent/x.jpg')
    const { writeFileSync } = await import('node:fs')
    const corrupt = `${fixture.datasetDir}/corrupt.jpg`
    writeFileSync(corrupt, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]))
    await expect(loadImage({ file: corrupt, size: 16, augmentation: 'soft', seed: 1 })).rejects.toThrow(corrupt)
  })
})
