import * as tf from '@tensorflow/tfjs'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { OptimizerConfig } from '../../../src/shared/training/config'
import { createOptimizer } from '../../../src/worker/train/optimizers'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const made: tf.Variable[] = []
afterEach(() => {
  tf.dispose(made.splice(0))
})

/** A weight matrix (decayed) and a bias (never decayed), both starting at 1, both with gradient 0.5 at every step. */
function setup(config: Partial<OptimizerConfig>) {
  const weight = tf.variable(tf.tensor2d([[1]]))
  const bias = tf.variable(tf.tensor1d([1]))
  made.push(weight, bias)
  const full: OptimizerConfig = { name: 'adam', lr: 0.1, weightDecay: 0.1, momentum: 0.9, nesterov: false, ...config }
  const optimizer = createOptimizer(full, [weight, bias])
  const grads = { [weight.name]: tf.tensor2d([[0.5]]), [bias.name]: tf.tensor1d([0.5]) }
  const values = (): [number, number] => [weight.dataSync()[0]!, bias.dataSync()[0]!]
  const step = (): [number, number] => {
    optimizer.step(grads, 0.1)
    return values()
  }
  return { weight, bias, optimizer, grads, step, values, dispose: () => (optimizer.dispose(), tf.dispose(Object.values(grads))) }
}

describe('adam', () => {
  it('matches two hand-computed steps, L2 decay on the weight only', () => {
    const o = setup({ name: 'adam' })
    // step 1: g = 0.5 + 0.1·1 = 0.6; m̂ = 0.6, v̂ = 0.36 → w = 1 − 0.1·0.6/(0.6 + 1e-8)
    expect(o.step()[0]).toBeCloseTo(0.9, 6)
    // step 2: g = 0.5 + 0.1·0.9 = 0.59; m = 0.9·0.06 + 0.1·0.59 = 0.113; v = 0.999·0.00036 + 0.001·0.59² = 0.00070774
    const mHat = 0.113 / (1 - 0.9 ** 2)
    const vHat = 0.00070774 / (1 - 0.999 ** 2)
    const [w, b] = o.step()
    expect(w).toBeCloseTo(0.9 - (0.1 * mHat) / Math.sqrt(vHat), 5)
    expect(w).toBeCloseTo(0.80004734, 5)
    // bias, no decay, constant gradient: the bias-corrected step is exactly lr each time
    expect(b).toBeCloseTo(0.8, 5)
    o.dispose()
  })
})

describe('adamw', () => {
  it('decays decoupled from the gradient', () => {
    const o = setup({ name: 'adamw' })
    // w ← w·(1 − 0.1·0.1), then adam on g = 0.5 (m̂/√v̂ = 1): 1·0.99 − 0.1 = 0.89; 0.89·0.99 − 0.1 = 0.7811
    expect(o.step()).toEqual([expect.closeTo(0.89, 5), expect.closeTo(0.9, 5)])
    expect(o.step()).toEqual([expect.closeTo(0.7811, 5), expect.closeTo(0.8, 5)])
    o.dispose()
  })
})

describe('sgd', () => {
  it('uses momentum b = μb + g with L2 decay', () => {
    const o = setup({ name: 'sgd' })
    // step 1: g = 0.6, b = 0.6, w = 1 − 0.06 = 0.94; bias: b = 0.5, 1 − 0.05 = 0.95
    expect(o.step()).toEqual([expect.closeTo(0.94, 5), expect.closeTo(0.95, 5)])
    // step 2: g = 0.5 + 0.094 = 0.594, b = 0.54 + 0.594 = 1.134, w = 0.94 − 0.1134; bias: b = 0.95, 0.95 − 0.095
    expect(o.step()).toEqual([expect.closeTo(0.8266, 5), expect.closeTo(0.855, 5)])
    o.dispose()
  })

  it('nesterov steps along g + μb', () => {
    const o = setup({ name: 'sgd', nesterov: true })
    // step 1: g = 0.6, b = 0.6, direction 0.6 + 0.54 = 1.14 → 0.886
    expect(o.step()[0]).toBeCloseTo(0.886, 5)
    // step 2: g = 0.5 + 0.0886 = 0.5886, b = 0.54 + 0.5886 = 1.1286, direction 0.5886 + 0.9·1.1286 = 1.60434
    expect(o.step()[0]).toBeCloseTo(0.725566, 5)
    o.dispose()
  })

  it('without momentum is plain gradient descent', () => {
    const o = setup({ name: 'sgd', momentum: 0, weightDecay: 0 })
    expect(o.step()).toEqual([expect.closeTo(0.95, 6), expect.closeTo(0.95, 6)])
    expect(o.optimizer.state().slots).toEqual({})
    o.dispose()
  })
})

describe('optimizer bookkeeping', () => {
  it('does not leak tensors over steps', () => {
    for (const name of ['adam', 'adamw', 'sgd'] as const) {
      const o = setup({ name, nesterov: true })
      o.step()
      const before = tf.memory().numTensors
      for (let i = 0; i < 5; i++) o.step()
      expect(tf.memory().numTensors).toBe(before)
      o.dispose()
    }
  })

  it('restores its state so a resumed run continues identically', () => {
    const a = setup({ name: 'adam' })
    a.step()
    const saved = a.optimizer.state()
    expect(saved).toMatchObject({ name: 'adam', step: 1 })
    expect(Object.keys(saved.slots).sort()).toEqual(['0/m', '0/v', '1/m', '1/v'])
    const expected = a.step()
    const b = setup({ name: 'adam' })
    b.weight.assign(tf.tensor2d([[0.9]]))
    b.bias.assign(tf.tensor1d([0.9]))
    b.optimizer.loadState(saved)
    const [w, bias] = b.step()
    expect(w).toBeCloseTo(expected[0], 6)
    expect(bias).toBeCloseTo(expected[1], 6)
    expect(() => b.optimizer.loadState({ ...saved, name: 'sgd' })).toThrow(/adam/)
    expect(() => b.optimizer.loadState({ ...saved, slots: { ...saved.slots, '0/m': new Float32Array(3) } })).toThrow(/0\/m has 3 values, expected 1/)
    expect(() => b.optimizer.loadState({ ...saved, slots: { ...saved.slots, '9/m': new Float32Array(1) } })).toThrow(/unexpected slots: 9\/m/)
    a.dispose()
    b.dispose()
  })

  it('keys slots by name when given a map, takes gradients as a Map and skips variables without one', () => {
    const w = tf.variable(tf.tensor2d([[1]]))
    const frozen = tf.variable(tf.tensor2d([[1]]))
    made.push(w, frozen)
    const config: OptimizerConfig = { name: 'sgd', lr: 0.1, weightDecay: 0, momentum: 0.9, nesterov: false }
    const optimizer = createOptimizer(config, new Map([['fc.weight', w], ['fc.frozen', frozen]]))
    const g = tf.tensor2d([[1]])
    optimizer.step(new Map([[w.name, g]]), 0.5)
    expect(w.dataSync()[0]).toBeCloseTo(0.5, 6)
    expect(frozen.dataSync()[0]).toBe(1)
    expect(Object.keys(optimizer.state().slots).sort()).toEqual(['fc.frozen/momentum', 'fc.weight/momentum'])
    optimizer.dispose()
    g.dispose()
  })
})
