import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { batchNormInference, batchNormTraining } from '../../../src/worker/tf/batch-norm'
import { registerWasmGradientKernels } from '../../../src/worker/tf/wasm-kernels'
import { randomValues, relativeError } from './compare'

const shape: [number, number, number, number] = [3, 5, 7, 4]
const size = shape.reduce((a, b) => a * b, 1)
const epsilon = 1e-3
// Offset and scale the input so the mean is not ~0 and the variance not ~1.
const xValues = randomValues(size, 11).map((v, i) => 3 * v + 0.5 * (i % 4))
const gammaValues = randomValues(4, 12).map((v) => v + 1.5)
const betaValues = randomValues(4, 13)
const weights = randomValues(size, 14)

interface Gradients {
  y: Float32Array
  dx: Float32Array
  dGamma: Float32Array
  dBeta: Float32Array
}

/** y and the gradients of Σ y·w (so dy is not uniform) with respect to x, γ and β. */
function gradients(normalize: (x: tf.Tensor4D, g: tf.Tensor1D, b: tf.Tensor1D) => tf.Tensor4D): Gradients {
  let result: Gradients | undefined
  tf.tidy(() => {
    const x = tf.tensor4d(xValues, shape)
    const gamma = tf.tensor1d(gammaValues)
    const beta = tf.tensor1d(betaValues)
    const w = tf.tensor4d(weights, shape)
    const loss = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(normalize(a as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D), w))
    const [dx, dGamma, dBeta] = tf.grads(loss)([x, gamma, beta]) as [tf.Tensor, tf.Tensor, tf.Tensor]
    const y = normalize(x, gamma, beta)
    const values = (t: tf.Tensor) => t.dataSync() as Float32Array
    result = { y: values(y), dx: values(dx), dGamma: values(dGamma), dBeta: values(dBeta) }
  })
  return result as Gradients
}

/** The textbook formula, differentiated by tfjs's autodiff through the moments. */
function naive(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D): tf.Tensor4D {
  const { mean, variance } = tf.moments(x, [0, 1, 2])
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), gamma), beta)
}

const ours = (x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D) => batchNormTraining(x, gamma, beta, epsilon).y

function expectClose(actual: Gradients, expected: Gradients): void {
  for (const key of ['y', 'dx', 'dGamma', 'dBeta'] as const) {
    expect(relativeError(actual[key], expected[key]), key).toBeLessThanOrEqual(1e-4)
  }
}

describe('batchNormTraining', () => {
  let reference: Gradients
  beforeAll(async () => {
    await tf.setBackend('cpu')
    reference = gradients(naive)
  })
  afterAll(async () => {
    await tf.setBackend('cpu')
  })

  it('matches autodiff of the naive formula on cpu', () => {
    expectClose(gradients(ours), reference)
    // The reference is not degenerate: dx is far from zero.
    expect(Math.max(...reference.dx.map(Math.abs))).toBeGreaterThan(0.1)
  })

  it('matches it on wasm too', async () => {
    await tf.setBackend('wasm')
    expectClose(gradients(ours), reference)
  })

  it('matches it with our wasm kernels (batch-norm-kernels.ts), for 4 channels and an odd count', async () => {
    await tf.setBackend('wasm')
    registerWasmGradientKernels()
    try {
      expectClose(gradients(ours), reference)
      const odd: [number, number, number, number] = [2, 3, 5, 3]
      const n = odd.reduce((a, b) => a * b, 1)
      const xs = randomValues(n, 21).map((v, i) => 2 * v + (i % 3))
      const w = randomValues(n, 22)
      const run = (normalize: typeof naive) =>
        tf.tidy(() => {
          const x = tf.tensor4d(xs, odd)
          const g = tf.tensor1d([1.5, 0.7, 2])
          const b = tf.tensor1d([0.1, -0.2, 0.3])
          const loss = (a: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) =>
            tf.sum(tf.mul(normalize(a as tf.Tensor4D, gg as tf.Tensor1D, bb as tf.Tensor1D), tf.tensor4d(w, odd)))
          const grads = tf.grads(loss)([x, g, b])
          return [normalize(x, g, b), ...grads].map((t) => t.dataSync() as Float32Array)
        })
      const actual = run(ours)
      await tf.setBackend('cpu')
      const expected = run(naive)
      for (let i = 0; i < expected.length; i++) expect(relativeError(actual[i] as Float32Array, expected[i] as Float32Array)).toBeLessThanOrEqual(1e-4)
      await tf.setBackend('wasm')
      // statistics with no gradient through them, as on the tf-op path
      const x = tf.tensor4d(xValues, shape)
      const { mean, variance } = batchNormTraining(x, tf.ones([4]), tf.zeros([4]), epsilon)
      const cpuMoments = tf.moments(x, [0, 1, 2])
      expect(relativeError(mean.dataSync(), cpuMoments.mean.dataSync())).toBeLessThanOrEqual(1e-5)
      expect(relativeError(variance.dataSync(), cpuMoments.variance.dataSync())).toBeLessThanOrEqual(1e-5)
      const dx = tf.grad((a: tf.Tensor) => tf.sum(batchNormTraining(a as tf.Tensor4D, tf.ones([4]), tf.zeros([4])).mean))(x)
      expect(Math.max(...dx.dataSync().map(Math.abs))).toBe(0)
      const before = tf.memory().numTensors
      gradients(ours)
      expect(tf.memory().numTensors).toBe(before)
    } finally {
      for (const name of ['OiwBatchMoments', 'OiwBatchNormApply', 'OiwBatchNormGrad']) tf.unregisterKernel(name, 'wasm')
    }
  })

  it('returns the batch statistics, with no gradient through them', async () => {
    await tf.setBackend('cpu')
    const x = tf.tensor4d(xValues, shape)
    const { mean, variance } = tf.moments(x, [0, 1, 2])
    const result = batchNormTraining(x, tf.ones([4]) as tf.Tensor1D, tf.zeros([4]) as tf.Tensor1D, epsilon)
    expect(relativeError(result.mean.dataSync(), mean.dataSync())).toBeLessThanOrEqual(1e-5)
    expect(relativeError(result.variance.dataSync(), variance.dataSync())).toBeLessThanOrEqual(1e-5)
    const dx = tf.grad((a: tf.Tensor) => tf.sum(batchNormTraining(a as tf.Tensor4D, tf.ones([4]), tf.zeros([4])).mean))(x)
    expect(Math.max(...dx.dataSync().map(Math.abs))).toBe(0)
  })

  it('leaks no tensors in a tidy training step', async () => {
    await tf.setBackend('wasm')
    const before = tf.memory().numTensors
    gradients(ours)
    expect(tf.memory().numTensors).toBe(before)
  })
})

describe('batchNormInference', () => {
  it('normalizes with the running statistics', async () => {
    await tf.setBackend('cpu')
    const x = tf.tensor4d(xValues, shape)
    const gamma = tf.tensor1d(gammaValues)
    const beta = tf.tensor1d(betaValues)
    const runningMean = tf.tensor1d([0.1, -0.2, 0.3, 1])
    const runningVariance = tf.tensor1d([2, 0.5, 1, 4])
    const expected = tf.add(tf.mul(tf.div(tf.sub(x, runningMean), tf.sqrt(tf.add(runningVariance, epsilon))), gamma), beta)
    const actual = batchNormInference(x, gamma, beta, runningMean, runningVariance, epsilon)
    expect(relativeError(actual.dataSync(), expected.dataSync())).toBeLessThanOrEqual(1e-5)
  })
})
