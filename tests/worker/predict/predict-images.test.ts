import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../../src/main/db/connection'
import { loadImage } from '../../../src/worker/data/load-image'
import type { SampleImage } from '../../../src/worker/data/training-images'
import { createModel, type Model } from '../../../src/worker/model'
import { listImageSet } from '../../../src/worker/predict/image-sets'
import { predictImages, type PredictedImages } from '../../../src/worker/predict/predict-images'
import { ScoreRows } from '../../../src/worker/predict/score-rows'
import { checkPredictionSetName, storePredictionSet } from '../../../src/worker/predict/store-prediction-set'
import { fixtureWorkspace, type FixtureWorkspace } from '../../helpers/fixture-workspace'

let fixture: FixtureWorkspace
let db: Db
let model: Model
let images: SampleImage[]
const classes = 6
const size = 40

beforeAll(async () => {
  await tf.setBackend('cpu')
  fixture = await fixtureWorkspace(12)
  db = fixture.workspace.db
  images = listImageSet(db, 'train', 0.01).images.slice(0, 5)
  model = createModel({ arch: 'small', width: 4, classes, seed: 3 })
})
afterAll(() => {
  model.dispose()
  fixture.remove()
})

/** Sigmoid outputs of the model for one image, decoded as the trainer's validation decodes it, mirrored or not. */
async function direct(image: SampleImage, flip: boolean): Promise<Float32Array> {
  const pixels = await loadImage({ file: image.file, size, augmentation: 'none', seed: 0 })
  const floats = new Float32Array(pixels.length)
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) for (let c = 0; c < 3; c++) floats[(y * size + x) * 3 + c] = pixels[(y * size + (flip ? size - 1 - x : x)) * 3 + c]! / 127.5 - 1
  return tf.tidy(() => tf.sigmoid(model.forward(tf.tensor4d(floats, [1, size, size, 3]), false)).dataSync() as Float32Array)
}

/** Each image's stored scores as a dense row (every class is stored: top K = classes). */
function dense(predicted: PredictedImages, count: number): Float32Array[] {
  const out = Array.from({ length: count }, () => new Float32Array(classes).fill(NaN))
  const { image, classIndex, score } = predicted.rows.columns()
  for (let r = 0; r < predicted.rows.length; r++) out[image[r]!]![classIndex[r]!] = score[r]!
  return out
}

describe('predictImages', () => {
  const run = (views: Array<{ size: number; flip: boolean }>, list = images, signal?: AbortSignal) =>
    predictImages({ models: [model], images: list, views, batchSize: 2, topK: classes, floor: 1, ...(signal ? { signal } : {}) })

  it('scores each image as the model does on the validation decoding, and flip TTA averages with the mirror', async () => {
    const plain = dense(await run([{ size, flip: false }]), images.length)
    const mirrored = dense(await run([{ size, flip: true }]), images.length)
    const tta = dense(await run([{ size, flip: false }, { size, flip: true }]), images.length)
    for (let i = 0; i < images.length; i++) {
      const [p, m] = [await direct(images[i]!, false), await direct(images[i]!, true)]
      for (let c = 0; c < classes; c++) {
        expect(plain[i]![c]).toBeCloseTo(p[c]!, 5)
        expect(mirrored[i]![c]).toBeCloseTo(m[c]!, 5)
        expect(tta[i]![c]).toBeCloseTo((p[c]! + m[c]!) / 2, 5)
      }
    }
    expect(tta.some((row, i) => Math.abs(row[0]! - plain[i]![0]!) > 1e-6)).toBe(true)
  })

  it('skips and counts an unreadable file, scoring the others once', async () => {
    const list = [images[0]!, { ...images[1]!, file: '/nonexistent/x.jpg' }, images[2]!]
    const predicted = await run([{ size, flip: false }], list)
    expect([...predicted.scored]).toEqual([1, 0, 1])
    expect(predicted.unreadable.count).toBe(1)
    expect(predicted.rows.images).toBe(2)
    expect(predicted.rows.length).toBe(2 * classes)
  })

  it('stops at once when the signal is aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    const predicted = await run([{ size, flip: false }], images, controller.signal)
    expect(predicted.stopped).toBe(true)
    expect(predicted.rows.length).toBe(0)
  })
})

describe('storePredictionSet', () => {
  const target = { name: 'p', description: 'run 1 checkpoint stage1-epoch2 (tta)', replace: false }
  const rowsOf = (score: number) => {
    const rows = new ScoreRows()
    rows.addImage(0, Float32Array.from([score, score / 2]), [0, 1])
    rows.addImage(1, Float32Array.from([score, score / 2]), [0])
    return rows
  }
  const stored = () => db.prepare("SELECT p.image_id AS imageId, p.class_id AS classId, p.score FROM predictions p JOIN prediction_sets s ON s.id = p.set_id WHERE s.name = 'p' ORDER BY 1, 2").all()

  it('writes a scores set with its description, and replaces it only when asked', () => {
    const classIds = db.prepare('SELECT id FROM classes ORDER BY id LIMIT 2').pluck().all() as number[]
    expect(storePredictionSet(db, target, images, classIds, rowsOf(0.5))).toBe(3)
    expect(db.prepare("SELECT kind, file FROM prediction_sets WHERE name = 'p'").get()).toEqual({ kind: 'scores', file: target.description })
    expect(stored()).toEqual([
      { imageId: images[0]!.id, classId: classIds[0], score: 0.5 },
      { imageId: images[0]!.id, classId: classIds[1], score: 0.25 },
      { imageId: images[1]!.id, classId: classIds[0], score: 0.5 },
    ])
    expect(() => checkPredictionSetName(db, target)).toThrow(/named p exists: pass --replace/)
    expect(() => storePredictionSet(db, target, images, classIds, rowsOf(0.75))).toThrow(/--replace/)
    storePredictionSet(db, { ...target, replace: true }, images, classIds, rowsOf(0.75))
    expect(stored().map((r) => (r as { score: number }).score)).toEqual([0.75, 0.375, 0.75])
    expect(db.prepare("SELECT count(*) FROM prediction_sets WHERE name = 'p'").pluck().get()).toBe(1)
    expect(db.prepare('SELECT count(*) FROM predictions').pluck().get()).toBe(3)
  })
})
