import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { batchNormTraining } from '../../../src/worker/tf/batch-norm'
import { loadBackend } from '../../../src/worker/tf/backend'
import { multiLabelLoss } from '../../../src/worker/train/losses'

/**
 * In training, the losses and batch norm see intermediates (the logits, a conv's output) that the gradient's
 * forward pass disposes before the backward pass runs. A gradient that reads such a tensor from a closure
 * instead of saving it fails only then; these tests take gradients exactly that way, on wasm.
 */
describe('gradients through intermediates', () => {
  beforeAll(async () => {
    await loadBackend({ prefer: 'wasm' })
  })

  it('BCE on logits made inside the gradient equals Xᵀ(σ(XW) − Y) / (N·C)', () => {
    const x = tf.tensor2d([0.5, -1, 2, 1.5, 0.2, -0.3, -2, 1, 0.7, 0.1, 0.1, 0.1], [4, 3])
    const w = tf.variable(tf.tensor2d([0.3, -0.2, 0.1, 0.5, 0.4, -0.6, 0.2, 0.2, -0.1, 0.3, 0, 0.9, -0.5, 0.25, 0.05], [3, 5]))
    const y = tf.tensor2d(Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? 1 : 0)), [4, 5])
    const { grads } = tf.variableGrads(() => multiLabelLoss(tf.matMul(x, w), y, { bce: 1, focal: 0, softF2: 0, focalGamma: 2 }), [w])
    const expected = tf.div(tf.matMul(x, tf.sub(tf.sigmoid(tf.matMul(x, w)), y), true, false), 20)
    const got = grads[w.name]!.dataSync()
    const want = expected.dataSync()
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i]!, 5)
  })

  it('focal and soft-F2 terms on intermediate logits give finite gradients', () => {
    const x = tf.randomNormal([6, 4], 0, 1, 'float32', 3)
    const w = tf.variable(tf.randomNormal([4, 7], 0, 1, 'float32', 4))
    const y = tf.tensor2d(Array.from({ length: 42 }, (_, i) => (i % 4 === 0 ? 1 : 0)), [6, 7])
    const { grads } = tf.variableGrads(() => multiLabelLoss(tf.matMul(x, w), y, { bce: 0.5, focal: 1, softF2: 1, focalGamma: 2 }), [w])
    const values = grads[w.name]!.dataSync()
    expect(values.every(Number.isFinite)).toBe(true)
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0)
  })

  it('batch norm of a conv output differentiates to the conv filter', () => {
    const x = tf.randomNormal([2, 6, 6, 3], 0, 1, 'float32', 5) as tf.Tensor4D
    const filter = tf.variable(tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 6))
    const gamma = tf.ones([4]) as tf.Tensor1D
    const beta = tf.zeros([4]) as tf.Tensor1D
    const { grads } = tf.variableGrads(() => {
      const { y, mean, variance } = batchNormTraining(tf.conv2d(x, filter as tf.Variable<tf.Rank.R4>, 1, 'same'), gamma, beta)
      mean.dispose()
      variance.dispose()
      return tf.sum(tf.square(tf.relu(y))) as tf.Scalar
    }, [filter])
    const values = grads[filter.name]!.dataSync()
    expect(values.every(Number.isFinite)).toBe(true)
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0)
  })
})
