import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { objectMask } from '../../../src/worker/data/context-augment'
import { loadImage } from '../../../src/worker/data/load-image'

// a 200 × 100 sky-blue scene with a red object in the box x 0.1–0.4, y 0.2–0.8 (pixels 20–80, 20–80)
const width = 200
const height = 100
const objects = Float32Array.from([0.1, 0.4, 0.2, 0.8])
let dir: string
let file: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oiw-context-'))
  file = join(dir, 'scene.png')
  const red = await sharp({ create: { width: 60, height: 60, channels: 3, background: { r: 220, g: 30, b: 30 } } }).png().toBuffer()
  await sharp({ create: { width, height, channels: 3, background: { r: 150, g: 200, b: 235 } } }).composite([{ input: red, left: 20, top: 20 }]).png().toFile(file)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const pixelAt = (pixels: Uint8Array, size: number, x: number, y: number) => Array.from(pixels.subarray((y * size + x) * 3, (y * size + x) * 3 + 3))

describe('context augmentation', () => {
  it('maps a box through the crop and the flip', () => {
    const plan = { left: 0, top: 0, width, height, flip: false }
    const mask = objectMask(objects, plan, width, height, 100)
    expect(mask[50 * 100 + 25]).toBe(1) // x 0.25 of the image, y 0.5
    expect(mask[50 * 100 + 60]).toBe(0)
    const flipped = objectMask(objects, { ...plan, flip: true }, width, height, 100)
    expect(flipped[50 * 100 + 75]).toBe(1) // mirrored: x 0.75
    expect(flipped[50 * 100 + 25]).toBe(0)
    const cropped = objectMask(objects, { left: 100, top: 0, width: 100, height, flip: false }, width, height, 100)
    expect(cropped.every((v) => v === 0)).toBe(true) // the right half holds no part of the box
  })

  it('recolours the scene around the object and keeps the object', async () => {
    const size = 64
    const plain = await loadImage({ file, size, augmentation: 'none', seed: 3 })
    let changedScenes = 0
    for (let seed = 0; seed < 20; seed++) {
      const shown = await loadImage({ file, size, augmentation: 'none', objects, context: 1, seed })
      // the object's centre (x 0.25, y 0.5) keeps its red
      expect(pixelAt(shown, size, 16, 32)).toEqual(pixelAt(plain, size, 16, 32))
      // the scene far from it (x 0.75, y 0.5) changes colour by a visible amount
      const before = pixelAt(plain, size, 48, 32)
      const after = pixelAt(shown, size, 48, 32)
      if (after.reduce((sum, v, c) => sum + Math.abs(v - before[c]!), 0) > 30) changedScenes++
    }
    expect(changedScenes).toBeGreaterThanOrEqual(18)
  })

  it('leaves every image as it is at context 0 and without boxes', async () => {
    const plain = await loadImage({ file, size: 32, augmentation: 'soft', seed: 5 })
    expect(await loadImage({ file, size: 32, augmentation: 'soft', objects, context: 0, seed: 5 })).toEqual(plain)
    expect(await loadImage({ file, size: 32, augmentation: 'soft', objects: new Float32Array(0), context: 1, seed: 5 })).toEqual(plain)
  })
})
