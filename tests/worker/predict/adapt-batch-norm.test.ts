import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadImage } from '../../../src/worker/data/load-image'
import type { SampleImage } from '../../../src/worker/data/training-images'
import { createModel, type Model } from '../../../src/worker/model'
import { adaptBatchNorm } from '../../../src/worker/predict/adapt-batch-norm'
import { listImageSet } from '../../../src/worker/predict/image-sets'
import { fixtureWorkspace, type FixtureWorkspace } from '../../helpers/fixture-workspace'

let fixture: FixtureWorkspace
let images: SampleImage[]
const size = 32

beforeAll(async () => {
  await tf.setBackend('cpu')
  fixture = await fixtureWorkspace(12)
  images = listImageSet(fixture.workspace.db, 'train', 0.01).images.slice(0, 7)
})
afterAll(() => fixture.remove())

/** The images as one float batch, decoded as prediction decodes them. */
async function batchOf(list: readonly SampleImage[]): Promise<tf.Tensor4D> {
  const all = await Promise.all(list.map((image) => loadImage({ file: image.file, size, augmentation: 'none', seed: 0 })))
  const floats = new Float32Array(all.length * size * size * 3)
  all.forEach((pixels, i) => pixels.forEach((v, j) => (floats[i * size * size * 3 + j] = v / 127.5 - 1)))
  return tf.tensor4d(floats, [all.length, size, size, 3])
}

describe('batch-norm adaptation', () => {
  it("sets the stem's running stats to the moments of exactly the images given, pooled over batches", async () => {
    const model: Model = createModel({ arch: 'small', width: 4, classes: 3, seed: 2 })
    try {
      // 7 images in batches of 3, 3 and 1: pooling must weigh each batch by its pixels
      const used = await adaptBatchNorm({ model, images, size, batchSize: 3 })
      expect(used).toBe(7)
      const weights = model.namedWeights()
      const x = await batchOf(images)
      const { mean, variance } = tf.tidy(() => tf.moments(tf.conv2d(x, weights.get('stem.conv.weight') as tf.Tensor4D, 2, 1), [0, 1, 2]))
      const n = 7 * 16 * 16
      const runningMean = weights.get('stem.bn.running_mean')!.dataSync()
      const runningVariance = weights.get('stem.bn.running_var')!.dataSync()
      Array.from(mean.dataSync()).forEach((v, i) => expect(runningMean[i]).toBeCloseTo(v, 4))
      Array.from(variance.dataSync()).forEach((v, i) => expect(runningVariance[i]).toBeCloseTo((v * n) / (n - 1), 4))
      tf.dispose([x, mean, variance])
    } finally {
      model.dispose()
    }
  })

  it('changes the scores of images from another context and leaves no tensors behind', async () => {
    const model: Model = createModel({ arch: 'small', width: 4, classes: 3, seed: 2 })
    try {
      const x = await batchOf(images.slice(0, 2))
      const before = tf.tidy(() => model.forward(x, false).dataSync().slice())
      const tensors = tf.memory().numTensors
      await adaptBatchNorm({ model, images, size, batchSize: 4 })
      expect(tf.memory().numTensors).toBe(tensors)
      const after = tf.tidy(() => model.forward(x, false).dataSync().slice())
      // fresh running stats are 0 and 1: normalising by the images' own moments must move the logits
      expect(after.some((v, i) => Math.abs(v - before[i]!) > 1e-3)).toBe(true)
      x.dispose()
    } finally {
      model.dispose()
    }
  })
})
