import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerWasmGradientKernels } from '../../../src/worker/tf/wasm-kernels'
import { onBackend, randomValues, relativeError } from './compare'

type Pad = 'same' | 'valid' | number
const cases: Array<{ shape: [number, number, number, number]; size: number; stride: number; pad: Pad }> = [
  { shape: [2, 9, 8, 5], size: 3, stride: 2, pad: 1 },
  { shape: [2, 9, 8, 5], size: 3, stride: 2, pad: 'same' },
  { shape: [1, 7, 11, 3], size: 2, stride: 2, pad: 'valid' },
  { shape: [3, 6, 6, 4], size: 3, stride: 1, pad: 'same' },
]

/** The gradient of sum(maxPool(x) · w) with respect to x, on the active backend. */
function poolGrad(values: Float32Array, weights: Float32Array, c: (typeof cases)[number]): Float32Array {
  const x = tf.tensor4d(values, c.shape)
  const grad = tf.grad((t: tf.Tensor) => {
    const pooled = tf.maxPool(t as tf.Tensor4D, c.size, c.stride, c.pad)
    return tf.sum(tf.mul(pooled, tf.tensor(weights.subarray(0, pooled.size), pooled.shape)))
  })(x)
  const out = grad.dataSync() as Float32Array
  tf.dispose([x, grad])
  return out
}

describe('wasm MaxPoolGrad matches the cpu backend', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm')
    registerWasmGradientKernels()
  })

  cases.forEach((c, i) => {
    it(`${c.size}×${c.size} stride ${c.stride} pad ${c.pad} on ${c.shape.join('×')}, with ties`, async () => {
      const size = c.shape.reduce((a, b) => a * b, 1)
      // ReLU outputs: many zeros, so windows tie; the gradient must go to the same (first) one.
      const values = randomValues(size, 11 + i).map((v) => Math.max(0, Math.round(v * 4) / 4))
      const weights = randomValues(size, 12 + i)
      const expected = await onBackend('cpu', () => poolGrad(values, weights, c))
      expect(relativeError(poolGrad(values, weights, c), expected)).toBeLessThanOrEqual(1e-6)
    })
  })
})
