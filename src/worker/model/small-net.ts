import * as tf from '@tensorflow/tfjs'
import { applyBatchNorm, applyConv, convMultiplyAdds, createBatchNorm, createConv, type Backbone, type BatchNorm, type Conv, type WeightStore } from './layers'

/**
 * "small", the fast CPU net: a 3×3/2 stem conv to `width` channels, then three stages at 2·, 4·, 8·width
 * channels, each a 3×3/2 conv and a 3×3/1 conv, every conv followed by BN and ReLU (a plain VGG-like stack,
 * no shortcuts). At width 16 and 96 px: 24.9 M multiply-adds (≈ 0.05 GFLOP) and 0.29 M backbone weights.
 * Names: `stem.conv.weight`, `stem.bn.*`, `layer1.conv1.weight`, `layer1.bn1.*`, …, `layer3.bn2.*`.
 */
export function createSmallNet(store: WeightStore, width: number): Backbone {
  const units: { conv: Conv; bn: BatchNorm }[] = []
  const add = (name: string, convName: string, bnName: string, inChannels: number, outChannels: number, stride: number): void => {
    units.push({
      conv: createConv(store, `${name}.${convName}`, inChannels, outChannels, 3, stride),
      bn: createBatchNorm(store, `${name}.${bnName}`, outChannels),
    })
  }
  add('stem', 'conv', 'bn', 3, width, 2)
  let channels = width
  for (let stage = 1; stage <= 3; stage++) {
    const out = width * 2 ** stage
    add(`layer${stage}`, 'conv1', 'bn1', channels, out, 2)
    add(`layer${stage}`, 'conv2', 'bn2', out, out, 1)
    channels = out
  }
  return {
    channels,
    apply(x, context) {
      let y = x
      for (const unit of units) y = tf.relu(applyBatchNorm(unit.bn, applyConv(unit.conv, y), context))
      return y
    },
    multiplyAdds(size) {
      let total = 0
      let side = size
      for (const unit of units) {
        const step = convMultiplyAdds(unit.conv, side)
        total += step.multiplyAdds
        side = step.size
      }
      return total
    },
  }
}
