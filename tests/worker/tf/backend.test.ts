import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { loadBackend } from '../../../src/worker/tf/backend'
import { defaultWasmThreads } from '../../../src/worker/tf/backend-loaders'
import { batchNormTraining } from '../../../src/worker/tf/batch-norm'
import { randomValues, relativeError } from './compare'

// This machine has neither tfjs-node package nor a GPU, so the automatic choice must be wasm.
describe('loadBackend', () => {
  it('falls through to wasm here, with a reason for each better backend', async () => {
    const choice = await loadBackend()
    expect(choice.name).toBe('wasm')
    expect(tf.getBackend()).toBe('wasm')
    // The threaded build runs under Node (wasm-threads.ts): one thread per core, at most 4.
    const threads = Math.min(4, defaultWasmThreads())
    expect(choice.threads).toBe(threads)
    expect(choice.reason).toMatch(threads === 1 ? /single-threaded/ : new RegExp(`WebAssembly with SIMD \\(XNNPACK\\), ${threads} threads`))
    expect(choice.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'tensorflow', 'webgpu'])
    expect(choice.skipped[0]?.reason).toMatch(/tfjs-node-gpu is not installed/)
    expect(choice.skipped[1]?.reason).toMatch(/tfjs-node is not installed/)
    expect(choice.skipped[2]?.reason).toMatch(/^WebGPU: no GPU adapter \(Dawn: .*Vulkan.*\)$/)
    for (const s of choice.skipped) expect(s.reason).not.toContain('\n')
    // Our filter gradient is registered, so conv filters train on wasm.
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined()
  })

  it('honours prefer: cpu', async () => {
    const choice = await loadBackend({ prefer: 'cpu' })
    expect(choice).toMatchObject({ name: 'cpu', skipped: [], threads: 1 })
    expect(tf.getBackend()).toBe('cpu')
  })

  it('throws a clear error when the preferred backend is absent', async () => {
    await expect(loadBackend({ prefer: 'tensorflow' })).rejects.toThrow(
      /Backend 'tensorflow' could not be loaded: @tensorflow\/tfjs-node is not installed/,
    )
    await expect(loadBackend({ prefer: 'webgpu' })).rejects.toThrow(/Backend 'webgpu' could not be loaded: WebGPU: /)
    expect(tf.getBackend()).toBe('cpu')
  })
})

/** A tiny conv → batch norm → relu → strided conv → mean-square net; returns its weight gradients' values. */
function netGradients(): Map<string, Float32Array> {
  const input = tf.tensor4d(randomValues(2 * 9 * 11 * 3, 1), [2, 9, 11, 3])
  const w1 = tf.variable(tf.tensor4d(randomValues(3 * 3 * 3 * 6, 2), [3, 3, 3, 6]), true, 'w1')
  const gamma = tf.variable(tf.tensor1d(randomValues(6, 3).map((v) => v + 1.2)), true, 'gamma')
  const beta = tf.variable(tf.tensor1d(randomValues(6, 4)), true, 'beta')
  const w2 = tf.variable(tf.tensor4d(randomValues(3 * 3 * 6 * 5, 5), [3, 3, 6, 5]), true, 'w2')
  const w3 = tf.variable(tf.tensor4d(randomValues(1 * 1 * 5 * 4, 6), [1, 1, 5, 4]), true, 'w3')
  const target = tf.tensor4d(randomValues(2 * 5 * 6 * 4, 7), [2, 5, 6, 4])
  const { grads, value } = tf.variableGrads(() => {
    const a = tf.conv2d(input, w1, 1, 'same')
    const b = tf.relu(batchNormTraining(a, gamma, beta).y)
    const c = tf.conv2d(tf.relu(tf.conv2d(b, w2, 2, 'same')), w3, 1, 'valid')
    return tf.mean(tf.square(tf.sub(c, target)))
  })
  const out = new Map<string, Float32Array>([['loss', value.dataSync() as Float32Array]])
  for (const [name, grad] of Object.entries(grads)) out.set(name, grad.dataSync() as Float32Array)
  tf.dispose([input, target, value, ...Object.values(grads), w1, gamma, beta, w2, w3])
  return out
}

describe('a small net trains the same on wasm as on cpu', () => {
  it('gives equal tf.variableGrads', async () => {
    await loadBackend({ prefer: 'cpu' })
    const reference = netGradients()
    await loadBackend({ prefer: 'wasm' })
    const actual = netGradients()
    expect([...actual.keys()].sort()).toEqual(['beta', 'gamma', 'loss', 'w1', 'w2', 'w3'])
    for (const [name, values] of reference) {
      expect(relativeError(actual.get(name) ?? [], values), name).toBeLessThanOrEqual(1e-4)
      expect(Math.max(...values.map(Math.abs)), name).toBeGreaterThan(0)
    }
  })
})
