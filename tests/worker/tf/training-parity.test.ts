import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../../src/shared/prng'
import { parseRunConfig } from '../../../src/shared/training/config'
import { createModel } from '../../../src/worker/model'
import { loadBackend } from '../../../src/worker/tf/backend'
import { createOptimizer } from '../../../src/worker/train/optimizers'
import type { Batch } from '../../../src/worker/trainer/stage-data'
import { trainStep } from '../../../src/worker/trainer/train-step'

/*
 * The speed-ups (wasm threads, our conv gradient kernels, the closed-form batch norm gradient) must not
 * change what the net learns: 20 steps of the trainer's own step on a fixed-seed tiny "small" net give the
 * same losses on wasm with 2 threads as on the plain cpu backend (no custom kernels, one thread), within
 * float32 summation-order noise.
 */

const classes = 5
const steps = 20

/** Fixed batches: random pixels, and targets that depend on them (the mean red of the left half) so it can learn. */
function batches(size: number, count: number): Batch[] {
  const random = mulberry32(11)
  return Array.from({ length: 4 }, (_, index) => {
    const pixels = Uint8Array.from({ length: count * size * size * 3 }, () => Math.floor(random() * 256))
    const targets = new Float32Array(count * classes)
    for (let n = 0; n < count; n++) {
      let red = 0
      for (let y = 0; y < size; y++) for (let x = 0; x < size / 2; x++) red += pixels[((n * size + y) * size + x) * 3] as number
      const level = Math.min(classes - 1, Math.floor((red / ((size * size) / 2) / 256) * classes * 1.5))
      targets[n * classes + level] = 1
    }
    return { index, size, count, pixels, targets }
  })
}

/** Losses of `steps` Adam steps from the same initial weights on the active backend. */
function trainLosses(): number[] {
  const model = createModel({ arch: 'small', width: 4, classes, seed: 3 })
  const stage = parseRunConfig({ stages: [{ kind: 'labels', loss: { bce: 1 } }] }).stages[0]!
  const optimizer = createOptimizer({ name: 'adam', lr: 3e-3, weightDecay: 0, momentum: 0.9, nesterov: false }, model.trainableVariables())
  const data = batches(24, 6)
  const losses: number[] = []
  for (let step = 0; step < steps; step++) losses.push(trainStep(model, optimizer, data[step % data.length]!, stage, classes, 3e-3))
  model.dispose()
  optimizer.dispose()
  return losses
}

describe('training with the speed-ups', () => {
  it('reaches the same losses on threaded wasm as on the cpu backend', async () => {
    await loadBackend({ prefer: 'cpu' })
    const reference = trainLosses()
    const wasm = await loadBackend({ prefer: 'wasm', wasmThreads: 2 })
    expect(wasm.threads).toBe(2)
    const actual = trainLosses()
    // It learns: the last losses are well below the first.
    expect(reference.at(-1)!).toBeLessThan(reference[0]! * 0.8)
    for (let step = 0; step < steps; step++) {
      expect(Math.abs(actual[step]! - reference[step]!), `step ${step}`).toBeLessThanOrEqual(1e-4 * Math.max(1, reference[step]!))
    }
  }, 120_000)
})
