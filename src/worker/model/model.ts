import * as tf from '@tensorflow/tfjs'
import type { Architecture } from '../../shared/training/config'
import { applyLinear, createLinear, foldRunningStats, globalAveragePool, poolRunningStats, WeightStore, type Backbone, type ForwardContext, type Linear, type PendingStats } from './layers'
import { createResNet } from './resnet'
import { createSmallNet } from './small-net'

/**
 * Image classifiers built from plain tf ops and `tf.Variable`s (no tfjs-layers), so we own batch norm,
 * checkpoints and multi-scale input. Tensor rules:
 * - `forward` and `features` allocate without a tidy of their own (a custom gradient inside may hold its
 *   inputs): call them inside `tf.variableGrads` or `tf.tidy`.
 * - A training pass (`training: true`) records each batch norm's batch mean and variance; call
 *   `updateRunningStats()` after it, outside the gradient tape, to fold them into the running stats.
 */

/** The names of the head's weights (what `replaceHead` swaps and `applyWeights({ skipHead })` leaves out). */
export const headWeightNames = ['fc.weight', 'fc.bias'] as const

export interface ModelOptions {
  arch: Architecture
  /** Channels of the first stage (ResNets: 64 as torchvision; small: 16). */
  width?: number
  classes: number
  /** Initial weights are a function of the seed alone. */
  seed: number
}

export interface Model {
  readonly arch: Architecture
  readonly width: number
  /** Outputs of the current head. */
  readonly classes: number
  /** Length of a `features` row (the head's input). */
  readonly featureChannels: number
  /**
   * Logits [N, classes] for images [N, H, W, 3], H = W ≥ 32, float pixels already scaled to [−1, 1] (the
   * trainer divides uint8 by 127.5 and subtracts 1). Any size works (global average pooling).
   */
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor2D
  /** The globally pooled backbone output [N, featureChannels]. */
  features(x: tf.Tensor4D, training: boolean): tf.Tensor2D
  /** What the optimizer updates: conv and fc weights, fc bias, batch-norm gamma and beta (not the running stats). */
  trainableVariables(): tf.Variable[]
  /** Every weight including batch-norm running mean and variance, by torchvision's names (`layer2.0.conv1.weight`, `fc.weight`) in tf's layouts. */
  namedWeights(): Map<string, tf.Variable>
  /** Folds the batch statistics of every training pass since the last call into the running stats (PyTorch's momentum 0.1). */
  updateRunningStats(): void
  /** Sets the running stats to the pooled statistics of every training pass since the last call (batch-norm adaptation). */
  poolRunningStats(): void
  /** Replaces the fc with a new one of `classes` outputs (stage 2); keeps the backbone. Build a new optimizer afterwards. */
  replaceHead(classes: number, seed: number): void
  /** Multiply-adds of one forward pass of one image of side `size` (convolutions and fc; 1 FLOP ≈ 2 multiply-adds). */
  multiplyAdds(size: number): number
  /** Frees every weight and any unfolded batch statistics. */
  dispose(): void
}

const defaultWidth: Record<Architecture, number> = { resnet18: 64, resnet34: 64, resnet50: 64, small: 16 }

function createBackbone(store: WeightStore, arch: Architecture, width: number): Backbone {
  switch (arch) {
    case 'resnet18':
      return createResNet(store, 18, width)
    case 'resnet34':
      return createResNet(store, 34, width)
    case 'resnet50':
      return createResNet(store, 50, width)
    case 'small':
      return createSmallNet(store, width)
  }
}

/** Builds a model with fresh He-initialised weights (deterministic in `seed`). */
export function createModel(options: ModelOptions): Model {
  const width = options.width ?? defaultWidth[options.arch]
  if (!Number.isInteger(width) || width < 1) throw new Error(`model width must be a positive integer, got ${width}`)
  if (!Number.isInteger(options.classes) || options.classes < 1) throw new Error(`a model needs at least one class, got ${options.classes}`)
  const store = new WeightStore(options.seed)
  const backbone = createBackbone(store, options.arch, width)
  let head: Linear = createLinear(store, 'fc', backbone.channels, options.classes, options.seed)
  const pending: PendingStats[] = []

  const features = (x: tf.Tensor4D, training: boolean): tf.Tensor2D => {
    if (x.shape[3] !== 3) throw new Error(`models take RGB images [N, H, W, 3], got [${x.shape.join(', ')}]`)
    const context: ForwardContext = { training, pending }
    return globalAveragePool(backbone.apply(x, context))
  }

  return {
    arch: options.arch,
    width,
    get classes() {
      return head.outFeatures
    },
    featureChannels: backbone.channels,
    features,
    forward: (x, training) => applyLinear(head, features(x, training)),
    trainableVariables: () => [...store.weights.values()].filter((v) => v.trainable),
    namedWeights: () => new Map(store.weights),
    updateRunningStats: () => foldRunningStats(pending),
    poolRunningStats: () => poolRunningStats(pending),
    replaceHead(classes, seed) {
      store.remove('fc.')
      head = createLinear(store, 'fc', backbone.channels, classes, seed)
    },
    multiplyAdds: (size) => backbone.multiplyAdds(size) + head.inFeatures * head.outFeatures,
    dispose() {
      tf.dispose(pending.splice(0).flatMap((p) => [p.mean, p.variance]))
      store.dispose()
    },
  }
}
