import * as tf from '@tensorflow/tfjs'
import {
  applyBatchNorm,
  applyConv,
  convMultiplyAdds,
  convOutputSize,
  createBatchNorm,
  createConv,
  type Backbone,
  type BatchNorm,
  type Conv,
  type ForwardContext,
  type WeightStore,
} from './layers'

/**
 * ResNet-18/34 (basic blocks) and ResNet-50 (bottlenecks, expansion 4, stride on the 3×3 conv as torchvision's
 * "v1.5") in torchvision's layout and names: 7×7/2 stem conv, BN, ReLU, 3×3/2 max pool, four stages at
 * width, 2·width, 4·width, 8·width channels (× 4 for bottlenecks), stride 2 from the second stage.
 */

export type ResNetDepth = 18 | 34 | 50

const blocksPerStage: Record<ResNetDepth, number[]> = { 18: [2, 2, 2, 2], 34: [3, 4, 6, 3], 50: [3, 4, 6, 3] }

interface ConvBn {
  conv: Conv
  bn: BatchNorm
}

interface Block {
  layers: ConvBn[]
  downsample: ConvBn | null
}

function convBn(store: WeightStore, convName: string, bnName: string, inChannels: number, outChannels: number, kernel: number, stride: number): ConvBn {
  return { conv: createConv(store, convName, inChannels, outChannels, kernel, stride), bn: createBatchNorm(store, bnName, outChannels) }
}

function createBlock(store: WeightStore, name: string, bottleneck: boolean, inChannels: number, planes: number, stride: number): Block {
  const out = bottleneck ? planes * 4 : planes
  const layers = bottleneck
    ? [
        convBn(store, `${name}.conv1`, `${name}.bn1`, inChannels, planes, 1, 1),
        convBn(store, `${name}.conv2`, `${name}.bn2`, planes, planes, 3, stride),
        convBn(store, `${name}.conv3`, `${name}.bn3`, planes, out, 1, 1),
      ]
    : [convBn(store, `${name}.conv1`, `${name}.bn1`, inChannels, planes, 3, stride), convBn(store, `${name}.conv2`, `${name}.bn2`, planes, planes, 3, 1)]
  const downsample = stride !== 1 || inChannels !== out ? convBn(store, `${name}.downsample.0`, `${name}.downsample.1`, inChannels, out, 1, stride) : null
  return { layers, downsample }
}

function applyConvBn(unit: ConvBn, x: tf.Tensor4D, context: ForwardContext): tf.Tensor4D {
  return applyBatchNorm(unit.bn, applyConv(unit.conv, x), context)
}

function applyBlock(block: Block, x: tf.Tensor4D, context: ForwardContext): tf.Tensor4D {
  let y = x
  block.layers.forEach((unit, i) => {
    y = applyConvBn(unit, y, context)
    if (i < block.layers.length - 1) y = tf.relu(y)
  })
  const identity = block.downsample ? applyConvBn(block.downsample, x, context) : x
  return tf.relu(tf.add(y, identity))
}

function blockMultiplyAdds(block: Block, size: number): { multiplyAdds: number; size: number } {
  let total = 0
  let side = size
  for (const unit of block.layers) {
    const step = convMultiplyAdds(unit.conv, side)
    total += step.multiplyAdds
    side = step.size
  }
  if (block.downsample) total += convMultiplyAdds(block.downsample.conv, size).multiplyAdds
  return { multiplyAdds: total, size: side }
}

/** Builds a ResNet backbone's weights into `store`; its output has 8·width (18, 34) or 32·width (50) channels. */
export function createResNet(store: WeightStore, depth: ResNetDepth, width: number): Backbone {
  const bottleneck = depth === 50
  const stem = convBn(store, 'conv1', 'bn1', 3, width, 7, 2)
  const blocks: Block[] = []
  let channels = width
  blocksPerStage[depth].forEach((count, stage) => {
    const planes = width * 2 ** stage
    for (let i = 0; i < count; i++) {
      const stride = stage > 0 && i === 0 ? 2 : 1
      blocks.push(createBlock(store, `layer${stage + 1}.${i}`, bottleneck, channels, planes, stride))
      channels = bottleneck ? planes * 4 : planes
    }
  })
  return {
    channels,
    apply(x, context) {
      let y = tf.maxPool(tf.relu(applyConvBn(stem, x, context)), 3, 2, 1)
      for (const block of blocks) y = applyBlock(block, y, context)
      return y
    },
    multiplyAdds(size) {
      const first = convMultiplyAdds(stem.conv, size)
      let total = first.multiplyAdds
      let side = convOutputSize(first.size, 3, 2, 1)
      for (const block of blocks) {
        const step = blockMultiplyAdds(block, side)
        total += step.multiplyAdds
        side = step.size
      }
      return total
    },
  }
}
