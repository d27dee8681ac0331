import * as tf from '@tensorflow/tfjs'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createModel, type Model } from '../../../src/worker/model'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const models: Model[] = []
function model(...args: Parameters<typeof createModel>): Model {
  const m = createModel(...args)
  models.push(m)
  return m
}
afterEach(() => {
  for (const m of models.splice(0)) m.dispose()
})

const parameterCount = (m: Model): number => m.trainableVariables().reduce((sum, v) => sum + v.size, 0)
const image = (n: number, size: number, seed = 1): tf.Tensor4D => tf.randomUniform([n, size, size, 3], -1, 1, 'float32', seed)

describe('ResNets', () => {
  it.each([
    ['resnet18', 11_689_512],
    ['resnet34', 21_797_672],
    ['resnet50', 25_557_032],
  ] as const)('%s has torchvision’s parameter count for 1000 classes', (arch, expected) => {
    const m = model({ arch, classes: 1000, seed: 1 })
    expect(m.width).toBe(64)
    expect(parameterCount(m)).toBe(expected)
    m.dispose()
  })

  it('uses torchvision’s names, tf layouts, and keeps running stats out of the trainable set', () => {
    const m = model({ arch: 'resnet18', classes: 10, seed: 1 })
    const weights = m.namedWeights()
    expect(weights.get('conv1.weight')!.shape).toEqual([7, 7, 3, 64])
    expect(weights.get('layer1.0.conv1.weight')!.shape).toEqual([3, 3, 64, 64])
    expect(weights.get('layer2.0.downsample.0.weight')!.shape).toEqual([1, 1, 64, 128])
    expect(weights.get('layer4.1.bn2.running_var')!.shape).toEqual([512])
    expect(weights.has('layer1.0.downsample.0.weight')).toBe(false)
    expect(weights.get('fc.weight')!.shape).toEqual([512, 10])
    expect([...weights.keys()].slice(-2)).toEqual(['fc.weight', 'fc.bias'])
    // 20 BNs × 2 running stats are the only untrainable weights
    expect(weights.size - m.trainableVariables().length).toBe(40)
    expect(weights.get('bn1.running_mean')!.trainable).toBe(false)
  })

  it('resnet18 features have 512 channels; resnet50 gives [N, classes] at 64 px', () => {
    const r18 = model({ arch: 'resnet18', classes: 7, seed: 1 })
    const x = image(1, 64)
    const features = tf.tidy(() => r18.features(x, false))
    expect(features.shape).toEqual([1, 512])
    expect(r18.featureChannels).toBe(512)
    const r50 = model({ arch: 'resnet50', classes: 7, seed: 1 })
    const logits = tf.tidy(() => r50.forward(x, false))
    expect(logits.shape).toEqual([1, 7])
    expect(r50.featureChannels).toBe(2048)
    tf.dispose([x, features, logits])
  })

  it('counts multiply-adds like the literature (ResNet-18 at 224 px: 1.814 G)', () => {
    const r18 = model({ arch: 'resnet18', classes: 1000, seed: 1 })
    expect(r18.multiplyAdds(224)).toBe(1_814_073_344)
    expect(r18.multiplyAdds(128)).toBe(592_695_296)
    r18.replaceHead(10, 1)
    expect(r18.multiplyAdds(224)).toBe(1_814_073_344 - 512 * 990)
  })
})

describe('small', () => {
  it('is small: 24.9 M conv multiply-adds at 96 px and 0.29 M backbone weights', () => {
    const m = model({ arch: 'small', classes: 10, seed: 1 })
    expect(m.width).toBe(16)
    expect(m.featureChannels).toBe(128)
    // 48²·9·3·16 + (24²·9·16·32 + 12²·9·32·64 + 6²·9·64·128) + (24²·9·32·32 + 12²·9·64·64 + 6²·9·128·128) + 128·10
    expect(m.multiplyAdds(96)).toBe(995_328 + 3 * 2_654_208 + 3 * 5_308_416 + 1280)
    // convs 432 + 4608 + 9216 + 18432 + 36864 + 73728 + 147456, 7 BNs × 2 × channels, fc 128·10 + 10
    expect(parameterCount(m)).toBe(290_736 + 2 * (16 + 2 * 32 + 2 * 64 + 2 * 128) + 1290)
  })

  it('takes several input sizes (multi-scale)', () => {
    const m = model({ arch: 'small', classes: 5, seed: 3 })
    for (const size of [32, 64, 96]) {
      const x = image(2, size)
      const logits = tf.tidy(() => m.forward(x, false))
      expect(logits.shape).toEqual([2, 5])
      tf.dispose([x, logits])
    }
    expect(() => tf.tidy(() => m.forward(tf.zeros([1, 32, 32, 1]) as tf.Tensor4D, false))).toThrow(/RGB/)
  })
})

describe('initialisation', () => {
  it('is deterministic in the seed, He-normal (fan_out) for convs', () => {
    const values = (seed: number): Float32Array => model({ arch: 'small', classes: 3, seed }).namedWeights().get('layer3.conv2.weight')!.dataSync() as Float32Array
    const a = values(5)
    expect(values(5)).toEqual(a)
    expect(values(6)).not.toEqual(a)
    const std = Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length)
    expect(std).toBeCloseTo(Math.sqrt(2 / (128 * 9)), 2)
  })
})

describe('training passes', () => {
  it('gives a gradient for every trainable weight and updates running stats outside the tape', () => {
    const m = model({ arch: 'small', width: 4, classes: 3, seed: 1 })
    const x = image(2, 32)
    const weights = m.namedWeights()
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(m.forward(x, true))) as tf.Scalar, m.trainableVariables())
    expect(Object.keys(grads).length).toBe(m.trainableVariables().length)
    for (const g of Object.values(grads)) for (const v of g.dataSync()) expect(Number.isFinite(v)).toBe(true)
    expect(weights.get('stem.bn.running_mean')!.dataSync()).toEqual(new Float32Array(4))

    m.updateRunningStats()
    // The stem's batch statistics, by hand: conv 3×3/2 pad 1, biased moments over 2·16·16 positions.
    const { mean, variance } = tf.tidy(() => tf.moments(tf.conv2d(x, weights.get('stem.conv.weight') as tf.Tensor4D, 2, 1), [0, 1, 2]))
    const n = 2 * 16 * 16
    const expectedMean = Array.from(mean.dataSync(), (v) => 0.1 * v)
    const expectedVariance = Array.from(variance.dataSync(), (v) => 0.9 + 0.1 * v * (n / (n - 1)))
    Array.from(weights.get('stem.bn.running_mean')!.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expectedMean[i]!, 5))
    Array.from(weights.get('stem.bn.running_var')!.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expectedVariance[i]!, 5))
    tf.dispose([x, value, mean, variance, ...Object.values(grads)])
  })

  it('leaks no tensors over training steps', () => {
    const m = model({ arch: 'resnet18', width: 2, classes: 3, seed: 1 })
    const x = image(2, 32)
    const step = (): void => {
      const { value, grads } = tf.variableGrads(() => tf.mean(m.forward(x, true)) as tf.Scalar, m.trainableVariables())
      m.updateRunningStats()
      tf.dispose([value, ...Object.values(grads)])
    }
    step()
    const before = tf.memory().numTensors
    step()
    step()
    expect(tf.memory().numTensors).toBe(before)
    x.dispose()
  })

  it('evaluates with the running stats: deterministic, and unlike a training pass', () => {
    const m = model({ arch: 'small', width: 4, classes: 3, seed: 2 })
    const x = image(2, 32)
    const [a, b, t] = tf.tidy(() => [m.forward(x, false), m.forward(x, false), m.forward(x, true)])
    m.updateRunningStats()
    expect(a!.dataSync()).toEqual(b!.dataSync())
    expect(a!.dataSync()).not.toEqual(t!.dataSync())
    tf.dispose([x, a!, b!, t!])
  })

  it('replaces the head and keeps the backbone', () => {
    const m = model({ arch: 'small', width: 4, classes: 3, seed: 2 })
    const stem = m.namedWeights().get('stem.conv.weight')
    const before = m.trainableVariables().length
    m.replaceHead(11, 9)
    expect(m.classes).toBe(11)
    expect(m.namedWeights().get('stem.conv.weight')).toBe(stem)
    expect(m.namedWeights().get('fc.weight')!.shape).toEqual([32, 11])
    expect(m.trainableVariables().length).toBe(before)
    const x = image(1, 32)
    const logits = tf.tidy(() => m.forward(x, false))
    expect(logits.shape).toEqual([1, 11])
    tf.dispose([x, logits])
  })
})
