import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerWasmGradientKernels } from '../../../src/worker/tf/wasm-kernels'
import { onBackend, randomValues, relativeError } from './compare'

const cases: Array<{ shape: number[]; axis: number | number[]; keepDims: boolean; dtype?: 'int32' }> = [
  { shape: [3, 5, 4, 6], axis: [0, 1, 2], keepDims: false },
  { shape: [3, 5, 4, 6], axis: [2, 0, 1], keepDims: true },
  { shape: [7, 5], axis: 0, keepDims: false },
  { shape: [3, 5, 4, 6], axis: [1, 2], keepDims: false }, // not leading: the package's kernel
  { shape: [3, 5, 4, 6], axis: -1, keepDims: true },
  { shape: [4, 6], axis: 0, keepDims: false, dtype: 'int32' },
]

describe('wasm Sum and Mean match the cpu backend', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm')
    registerWasmGradientKernels()
    registerWasmGradientKernels() // idempotent: the fallback stays the package's kernel
  })

  cases.forEach((c, i) => {
    it(`axis ${JSON.stringify(c.axis)} of ${c.shape.join('×')}${c.keepDims ? ', keepDims' : ''}${c.dtype ? `, ${c.dtype}` : ''}`, async () => {
      const size = c.shape.reduce((a, b) => a * b, 1)
      const values = randomValues(size, 30 + i).map((v) => (c.dtype === 'int32' ? Math.round(v * 10) : v))
      const run = () => {
        const x = tf.tensor(values, c.shape, c.dtype ?? 'float32')
        const sum = tf.sum(x, c.axis, c.keepDims)
        const mean = tf.mean(x, c.axis, c.keepDims)
        const result = { sum: sum.dataSync(), mean: mean.dataSync(), shape: sum.shape, meanShape: mean.shape }
        tf.dispose([x, sum, mean])
        return result
      }
      const expected = await onBackend('cpu', run)
      const got = run()
      expect(got.shape).toEqual(expected.shape)
      expect(got.meanShape).toEqual(expected.meanShape)
      expect(relativeError(got.sum, expected.sum)).toBeLessThanOrEqual(1e-5)
      expect(relativeError(got.mean, expected.mean)).toBeLessThanOrEqual(1e-5)
    })
  })
})
