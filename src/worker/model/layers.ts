import * as tf from '@tensorflow/tfjs'
import { batchNormInference, batchNormTraining } from '../tf/batch-norm'
import { normalValues, uniformValues, weightSeed } from './init'

/**
 * The building blocks of our models: plain tf ops over `tf.Variable`s kept in a `WeightStore` under
 * torchvision's names. Layouts are tf's, not PyTorch's: conv weights [kh, kw, in, out], fc weights [in, out].
 */

export const batchNormEpsilon = 1e-5
/** PyTorch's: running = (1 − momentum)·running + momentum·batch. */
export const batchNormMomentum = 0.1

/** Every weight of a model by name, in creation order (torchvision's order); running stats are not trainable. */
export class WeightStore {
  readonly weights = new Map<string, tf.Variable>()
  constructor(readonly seed: number) {}

  add(name: string, shape: number[], values: Float32Array, trainable = true): tf.Variable {
    if (this.weights.has(name)) throw new Error(`weight ${name} already exists`)
    const variable = tf.tidy(() => tf.variable(tf.tensor(values, shape), trainable))
    this.weights.set(name, variable)
    return variable
  }

  remove(prefix: string): void {
    for (const [name, variable] of [...this.weights]) {
      if (!name.startsWith(prefix)) continue
      variable.dispose()
      this.weights.delete(name)
    }
  }

  dispose(): void {
    for (const variable of this.weights.values()) variable.dispose()
    this.weights.clear()
  }
}

export interface Conv {
  weight: tf.Variable
  kernel: number
  stride: number
  pad: number
  inChannels: number
  outChannels: number
}

/** A bias-free conv with He (Kaiming) normal init, fan_out mode as torchvision: std = √(2 / (out·k²)). */
export function createConv(store: WeightStore, name: string, inChannels: number, outChannels: number, kernel: number, stride: number): Conv {
  const count = kernel * kernel * inChannels * outChannels
  const std = Math.sqrt(2 / (outChannels * kernel * kernel))
  const weight = store.add(`${name}.weight`, [kernel, kernel, inChannels, outChannels], normalValues(count, std, weightSeed(store.seed, `${name}.weight`)))
  return { weight, kernel, stride, pad: Math.floor(kernel / 2), inChannels, outChannels }
}

/** Output side of a conv (or pool) as PyTorch computes it: ⌊(size + 2·pad − kernel) / stride⌋ + 1. */
export function convOutputSize(size: number, kernel: number, stride: number, pad: number): number {
  return Math.floor((size + 2 * pad - kernel) / stride) + 1
}

export function applyConv(conv: Conv, x: tf.Tensor4D): tf.Tensor4D {
  return tf.conv2d(x, conv.weight as tf.Tensor4D, conv.stride, conv.pad)
}

/** Multiply-adds of a conv on a square input of side `size`, and its output side. */
export function convMultiplyAdds(conv: Conv, size: number): { multiplyAdds: number; size: number } {
  const out = convOutputSize(size, conv.kernel, conv.stride, conv.pad)
  return { multiplyAdds: out * out * conv.kernel * conv.kernel * conv.inChannels * conv.outChannels, size: out }
}

export interface BatchNorm {
  name: string
  gamma: tf.Variable
  beta: tf.Variable
  runningMean: tf.Variable
  runningVariance: tf.Variable
}

/** Batch statistics of one training pass, kept (outside any tidy) until the model folds them into the running stats. */
export interface PendingStats {
  layer: BatchNorm
  mean: tf.Tensor1D
  variance: tf.Tensor1D
  count: number
}

export interface ForwardContext {
  training: boolean
  pending: PendingStats[]
}

/** Batch norm with gamma 1, beta 0, running mean 0, running variance 1 (torchvision's names weight/bias/running_mean/running_var). */
export function createBatchNorm(store: WeightStore, name: string, channels: number): BatchNorm {
  const ones = new Float32Array(channels).fill(1)
  const zeros = new Float32Array(channels)
  return {
    name,
    gamma: store.add(`${name}.weight`, [channels], ones),
    beta: store.add(`${name}.bias`, [channels], zeros),
    runningMean: store.add(`${name}.running_mean`, [channels], zeros, false),
    runningVariance: store.add(`${name}.running_var`, [channels], ones, false),
  }
}

/** Training: normalises by the batch's statistics and records them for `foldRunningStats`; inference: by the running stats. */
export function applyBatchNorm(bn: BatchNorm, x: tf.Tensor4D, context: ForwardContext): tf.Tensor4D {
  const gamma = bn.gamma as tf.Tensor1D
  const beta = bn.beta as tf.Tensor1D
  if (!context.training) return batchNormInference(x, gamma, beta, bn.runningMean as tf.Tensor1D, bn.runningVariance as tf.Tensor1D, batchNormEpsilon)
  const { y, mean, variance } = batchNormTraining(x, gamma, beta, batchNormEpsilon)
  const [n, h, w] = x.shape
  context.pending.push({ layer: bn, mean: tf.keep(mean), variance: tf.keep(variance), count: n * h * w })
  return y
}

/** Folds recorded batch statistics into the running stats, oldest first (PyTorch's momentum 0.1, unbiased variance), and frees them. */
export function foldRunningStats(pending: PendingStats[]): void {
  for (const { layer, mean, variance, count } of pending.splice(0)) {
    tf.tidy(() => {
      const unbiased = count > 1 ? count / (count - 1) : 1
      layer.runningMean.assign(tf.add(tf.mul(1 - batchNormMomentum, layer.runningMean), tf.mul(batchNormMomentum, mean)))
      layer.runningVariance.assign(tf.add(tf.mul(1 - batchNormMomentum, layer.runningVariance), tf.mul(batchNormMomentum * unbiased, variance)))
    })
    tf.dispose([mean, variance])
  }
}

/**
 * Sets each batch norm's running stats to the pooled statistics of every recorded training pass (each batch
 * weighted by its pixel count; variance from the pooled second moment, unbiased), and frees them: the
 * statistics of exactly those images, not a moving average. What batch-norm adaptation (AdaBN, Li et al.
 * 2016) needs to normalise a new domain's images by their own statistics.
 */
export function poolRunningStats(pending: PendingStats[]): void {
  const pooled = new Map<BatchNorm, { count: number; sum: tf.Tensor1D; squares: tf.Tensor1D }>()
  for (const { layer, mean, variance, count } of pending.splice(0)) {
    const before = pooled.get(layer)
    const next = tf.tidy(() => ({
      count: (before?.count ?? 0) + count,
      sum: tf.add(before?.sum ?? tf.zerosLike(mean), tf.mul(mean, count)) as tf.Tensor1D,
      squares: tf.add(before?.squares ?? tf.zerosLike(mean), tf.mul(tf.add(variance, tf.square(mean)), count)) as tf.Tensor1D,
    }))
    if (before) tf.dispose([before.sum, before.squares])
    tf.dispose([mean, variance])
    pooled.set(layer, next)
  }
  for (const [layer, { count, sum, squares }] of pooled) {
    tf.tidy(() => {
      const mean = tf.div(sum, count)
      const variance = tf.relu(tf.sub(tf.div(squares, count), tf.square(mean)))
      layer.runningMean.assign(mean)
      layer.runningVariance.assign(tf.mul(variance, count > 1 ? count / (count - 1) : 1))
    })
    tf.dispose([sum, squares])
  }
}

export interface Linear {
  weight: tf.Variable
  bias: tf.Variable
  inFeatures: number
  outFeatures: number
}

/** A fully connected layer with PyTorch's default init: weight and bias from U(±1/√in). */
export function createLinear(store: WeightStore, name: string, inFeatures: number, outFeatures: number, seed: number): Linear {
  const bound = 1 / Math.sqrt(inFeatures)
  return {
    weight: store.add(`${name}.weight`, [inFeatures, outFeatures], uniformValues(inFeatures * outFeatures, bound, weightSeed(seed, `${name}.weight`))),
    bias: store.add(`${name}.bias`, [outFeatures], uniformValues(outFeatures, bound, weightSeed(seed, `${name}.bias`))),
    inFeatures,
    outFeatures,
  }
}

export function applyLinear(linear: Linear, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(x, linear.weight as tf.Tensor2D), linear.bias)
}

/** Global average pooling over height and width: [N, H, W, C] → [N, C]; makes the models take any input size. */
export function globalAveragePool(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2])
}

/** The convolutional part of a model, up to (not including) global pooling. */
export interface Backbone {
  /** Channels of the last feature map (the fc's input). */
  channels: number
  apply(x: tf.Tensor4D, context: ForwardContext): tf.Tensor4D
  /** Multiply-adds of the convolutions for one square image of side `size`. */
  multiplyAdds(size: number): number
}
