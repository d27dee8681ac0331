import { readdirSync, renameSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { applyWeights, loadCheckpoint, previousFolder, saveCheckpoint } from '../../../src/worker/checkpoint'
import { createModel, type Model } from '../../../src/worker/model'
import { createOptimizer } from '../../../src/worker/train/optimizers'
import { tempDir } from '../../helpers/temp-dir'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

let root: { dir: string; remove: () => void }
const models: Model[] = []
const small = (seed: number, classes = 3, width = 2): Model => {
  const m = createModel({ arch: 'small', width, classes, seed })
  models.push(m)
  return m
}
beforeEach(() => {
  root = tempDir()
})
afterEach(() => {
  for (const m of models.splice(0)) m.dispose()
  root.remove()
})

const values = (m: Model): Record<string, number[]> => Object.fromEntries([...m.namedWeights()].map(([name, v]) => [name, Array.from(v.dataSync())]))

describe('saveCheckpoint and loadCheckpoint', () => {
  it('round-trip weights, optimizer state and meta exactly', async () => {
    const model = small(1)
    model.namedWeights().get('stem.bn.running_var')!.assign(tf.tensor1d([0.5, 2]))
    const optimizer = createOptimizer({ name: 'adam', lr: 0.01, weightDecay: 0, momentum: 0.9, nesterov: false }, model.trainableVariables())
    const grads = Object.fromEntries(model.trainableVariables().map((v) => [v.name, tf.onesLike(v)]))
    optimizer.step(grads, 0.01)
    const dir = join(root.dir, 'run', 'stage1-epoch1')
    const meta = { stage: 0, epoch: 1, metric: 0.25, config: { arch: 'small' } }
    await saveCheckpoint(dir, { weights: model.namedWeights(), optimizer: optimizer.state(), meta })
    expect(readdirSync(join(root.dir, 'run'))).toEqual(['stage1-epoch1'])

    const loaded = await loadCheckpoint(dir)
    expect(loaded.meta).toEqual(meta)
    expect(loaded.optimizer).toEqual(optimizer.state())
    expect([...loaded.weights.keys()]).toEqual([...model.namedWeights().keys()])
    expect(loaded.weights.get('stem.conv.weight')!.shape).toEqual([3, 3, 3, 2])

    const restored = small(99)
    applyWeights(restored, loaded.weights)
    expect(values(restored)).toEqual(values(model))
    const x = tf.randomUniform([1, 32, 32, 3], -1, 1, 'float32', 4) as tf.Tensor4D
    const [a, b] = tf.tidy(() => [model.forward(x, false), restored.forward(x, false)])
    expect(b!.dataSync()).toEqual(a!.dataSync())
    tf.dispose([x, a!, b!, ...Object.values(grads)])
    optimizer.dispose()
  })

  it('saves without an optimizer', async () => {
    const dir = join(root.dir, 'weights-only')
    await saveCheckpoint(dir, { weights: new Map([['w', tf.tensor2d([[1, 2]])]]), meta: {} })
    const loaded = await loadCheckpoint(dir)
    expect(loaded.optimizer).toBeNull()
    expect(Array.from(loaded.weights.get('w')!.values)).toEqual([1, 2])
  })

  it('names the file of a truncated weights.bin or a broken manifest', async () => {
    const dir = join(root.dir, 'ck')
    await saveCheckpoint(dir, { weights: small(1).namedWeights(), meta: {} })
    truncateSync(join(dir, 'weights.bin'), 100)
    await expect(loadCheckpoint(dir)).rejects.toThrow(/weights\.bin: 100 bytes, the manifest says \d+ \(truncated\)/)
    writeFileSync(join(dir, 'manifest.json'), '{"format": "oiw-checkpoint", ')
    await expect(loadCheckpoint(dir)).rejects.toThrow(/manifest\.json: not valid JSON/)
    writeFileSync(join(dir, 'manifest.json'), '{"format": "something-else"}')
    await expect(loadCheckpoint(dir)).rejects.toThrow(/manifest\.json: not a valid checkpoint manifest/)
    await expect(loadCheckpoint(join(root.dir, 'nothing'))).rejects.toThrow(/nothing.manifest\.json: cannot read/)
  })

  it('replaces atomically: the new one after success, the old one after a failure or a crash mid-swap', async () => {
    const dir = join(root.dir, 'position')
    const weights = (value: number) => new Map([['w', tf.fill([4], value)]])
    await saveCheckpoint(dir, { weights: weights(1), meta: { n: 1 } })
    await saveCheckpoint(dir, { weights: weights(2), meta: { n: 2 } })
    expect((await loadCheckpoint(dir)).meta).toEqual({ n: 2 })
    expect(readdirSync(root.dir)).toEqual(['position'])

    // a save that fails half-way (meta that is not JSON) leaves the previous checkpoint and no litter
    await expect(saveCheckpoint(dir, { weights: weights(3), meta: { n: 3n } })).rejects.toThrow(/BigInt/)
    const kept = await loadCheckpoint(dir)
    expect(kept.meta).toEqual({ n: 2 })
    expect(Array.from(kept.weights.get('w')!.values)).toEqual([2, 2, 2, 2])
    expect(readdirSync(root.dir)).toEqual(['position'])

    // a crash after moving the old one aside and before moving the new one in: the old one still loads
    renameSync(dir, previousFolder(dir))
    expect((await loadCheckpoint(dir)).meta).toEqual({ n: 2 })
    await saveCheckpoint(dir, { weights: weights(4), meta: { n: 4 } })
    expect((await loadCheckpoint(dir)).meta).toEqual({ n: 4 })
    expect(readdirSync(root.dir)).toEqual(['position'])
  })
})

describe('applyWeights', () => {
  it('loads a backbone into a model with another head when skipping the head', async () => {
    const stage1 = small(1, 5)
    const dir = join(root.dir, 'stage1')
    await saveCheckpoint(dir, { weights: stage1.namedWeights(), meta: {} })
    const { weights } = await loadCheckpoint(dir)
    const stage2 = small(2, 9)
    const head = Array.from(stage2.namedWeights().get('fc.weight')!.dataSync())
    expect(() => applyWeights(stage2, weights)).toThrow(/different shapes \(2\): fc\.weight \[16, 5\] vs the model's \[16, 9\], fc\.bias/)
    applyWeights(stage2, weights, { skipHead: true })
    expect(Array.from(stage2.namedWeights().get('layer2.conv1.weight')!.dataSync())).toEqual(Array.from(stage1.namedWeights().get('layer2.conv1.weight')!.dataSync()))
    expect(Array.from(stage2.namedWeights().get('fc.weight')!.dataSync())).toEqual(head)
  })

  it('lists missing and unexpected names and assigns nothing on a mismatch', () => {
    const model = small(1)
    const before = values(model)
    const weights = new Map([...model.namedWeights()].map(([name, v]) => [name, { shape: v.shape, values: new Float32Array(v.size) }]))
    weights.delete('layer1.bn1.running_mean')
    weights.set('layer9.conv.weight', { shape: [1], values: new Float32Array(1) })
    expect(() => applyWeights(model, weights)).toThrow(/missing from the checkpoint \(1\): layer1\.bn1\.running_mean\. unexpected in the checkpoint \(1\): layer9\.conv\.weight/)
    expect(values(model)).toEqual(before)
    const wider = createModel({ arch: 'small', width: 4, classes: 3, seed: 1 })
    expect(() => applyWeights(wider, weights)).toThrow(/small \(width 4\).*different shapes/)
    wider.dispose()
  })
})
