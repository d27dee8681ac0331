import * as tf from '@tensorflow/tfjs'
import { batchMomentsKernel, batchNormApplyKernel, batchNormGradKernel } from './batch-norm-kernels'

/**
 * Batch normalization for NHWC feature maps with a hand-written gradient: tfjs's own batchNorm gradient
 * tiles tensors and is slow and memory-hungry on every backend, and moments-then-normalize autodiff makes a
 * dozen full-size temporaries. Ours uses the closed form over M = N·H·W values per channel:
 *
 *   dx = γ·invstd/M · (M·dy − Σdy − x̂·Σ(dy·x̂)),   dγ = Σ dy·x̂,   dβ = Σ dy,
 *
 * with per-channel vectors broadcast (no tile ops).
 */

const channelAxes = [0, 1, 2]

/** The result of one training-mode batch norm: the output and the batch statistics it used. */
export interface BatchNormResult {
  y: tf.Tensor4D
  /** Per-channel batch mean, for updating the running mean; carries no gradient. */
  mean: tf.Tensor1D
  /** Per-channel biased batch variance (divided by M), for updating the running variance; no gradient. */
  variance: tf.Tensor1D
}

/**
 * Normalizes x [N, H, W, C] over N, H and W with the batch's own statistics, then scales by gamma and shifts
 * by beta ([C] each). Differentiable in x, gamma and beta; the returned mean and variance are not.
 */
export function batchNormTraining(
  x: tf.Tensor4D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon = 1e-5,
): BatchNormResult {
  if (x.dtype === 'float32' && tf.getKernel(batchNormGradKernel, tf.getBackend()) !== undefined) {
    return batchNormTrainingFused(x, gamma, beta, epsilon)
  }
  const { mean, variance } = batchMoments(x)
  const normalize = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xs, g, b, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc]
    const invStd = tf.tidy(() => tf.rsqrt(tf.add(variance, epsilon)))
    const y = tf.tidy(() => tf.add(tf.mul(tf.mul(tf.sub(xs, mean), invStd), g), b))
    save([xs, g, mean, invStd])
    invStd.dispose()
    return { value: y, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => batchNormGradients(dy, saved) }
  })
  const y = normalize(x, gamma, beta) as tf.Tensor4D
  return { y, mean, variance }
}

/**
 * The same with our kernels (batch-norm-kernels.ts, registered for the wasm backend): statistics in one read
 * of x, y in one pass, the gradient in two, instead of ~12 full-size tf ops.
 */
function batchNormTrainingFused(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): BatchNormResult {
  // no gradient is registered for the moments kernel, and none is needed: the statistics reach y only
  // through the closure below, whose gradient (the closed form) accounts for them
  const [mean, variance] = tf.engine().runKernel(batchMomentsKernel, { x }, {}) as [tf.Tensor1D, tf.Tensor1D]
  const normalize = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xs, g, b, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc]
    const y = tf.engine().runKernel(batchNormApplyKernel, { x: xs, mean, variance, gamma: g, beta: b }, { epsilon }) as tf.Tensor
    save([xs, g, mean, variance])
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xSaved, gSaved, meanSaved, varSaved] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]
        const inputs = { dy, x: xSaved, gamma: gSaved, mean: meanSaved, variance: varSaved }
        return tf.engine().runKernel(batchNormGradKernel, inputs, { epsilon }) as tf.Tensor[]
      },
    }
  })
  const y = normalize(x, gamma, beta) as tf.Tensor4D
  return { y, mean, variance }
}

/** dx, dγ, dβ from dy and the saved [x, γ, mean, invstd]. */
function batchNormGradients(dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] {
  const [x, gamma, mean, invStd] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]
  return tf.tidy(() => {
    const count = (x.shape[0] as number) * (x.shape[1] as number) * (x.shape[2] as number)
    const xHat = tf.mul(tf.sub(x, mean), invStd)
    const sumDy = tf.sum(dy, channelAxes)
    const sumDyXHat = tf.sum(tf.mul(dy, xHat), channelAxes)
    const scale = tf.mul(gamma, invStd)
    // dx = scale·dy − x̂·(scale·Σdy·x̂/M) − scale·Σdy/M
    const xHatFactor = tf.div(tf.mul(scale, sumDyXHat), count)
    const offset = tf.div(tf.mul(scale, sumDy), count)
    const dx = tf.sub(tf.sub(tf.mul(dy, scale), tf.mul(xHat, xHatFactor)), offset)
    return [dx, sumDyXHat, sumDy]
  })
}

/** Per-channel mean and biased variance over N, H, W, cut off from the gradient tape. */
function batchMoments(x: tf.Tensor4D): { mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const stats = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const xs = args[0] as tf.Tensor
    const value = tf.tidy(() => {
      const { mean, variance } = tf.moments(xs, channelAxes)
      return tf.stack([mean, variance])
    })
    // only the shape: a closure over xs would read a tensor the forward pass's tidy has already disposed
    const shape = xs.shape
    return { value, gradFunc: () => [tf.zeros(shape)] }
  })(x)
  const [mean, variance] = tf.unstack(stats) as [tf.Tensor1D, tf.Tensor1D]
  stats.dispose()
  return { mean, variance }
}

/**
 * Inference-mode batch norm for x [N, H, W, C]: normalizes with the running statistics learned in training,
 * folded into one per-channel scale and shift (two full-size ops).
 */
export function batchNormInference(
  x: tf.Tensor4D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  runningMean: tf.Tensor1D,
  runningVariance: tf.Tensor1D,
  epsilon = 1e-5,
): tf.Tensor4D {
  return tf.tidy(() => {
    const scale = tf.mul(gamma, tf.rsqrt(tf.add(runningVariance, epsilon)))
    const shift = tf.sub(beta, tf.mul(runningMean, scale))
    return tf.add(tf.mul(x, scale), shift) as tf.Tensor4D
  })
}
