import * as tf from '@tensorflow/tfjs'
import type { StageConfig } from '../../shared/training/config'
import type { Model } from '../model'
import { multiLabelLoss, softmaxCrossEntropy } from '../train/losses'
import type { Optimizer } from '../train/optimizers'
import type { Batch } from './stage-data'

/**
 * uint8 RGB → floats in [−1, 1], the scale every model expects. One pass in JS: cheaper than building an
 * int tensor and two tf ops, and it leaves nothing to dispose.
 */
export function pixelsToTensor(batch: Batch): tf.Tensor4D {
  const { pixels, count, size } = batch
  const floats = new Float32Array(pixels.length)
  for (let i = 0; i < pixels.length; i++) floats[i] = pixels[i]! / 127.5 - 1
  return tf.tensor4d(floats, [count, size, size, 3])
}

/** The stage's loss for a batch's logits: multi-label losses for labels, softmax cross-entropy for box crops. */
export function batchLoss(logits: tf.Tensor2D, batch: Batch, stage: StageConfig, classes: number): tf.Scalar {
  if (stage.kind === 'boxes') {
    if (!batch.classIndexes) throw new Error('a boxes batch has no class indexes')
    return softmaxCrossEntropy(logits, batch.classIndexes)
  }
  if (!batch.targets) throw new Error('a labels batch has no targets')
  const targets = tf.tensor2d(batch.targets, [batch.count, classes])
  const loss = multiLabelLoss(logits, targets, stage.loss)
  targets.dispose()
  return loss
}

/** One optimizer step on one batch; returns the batch's loss. Leaves no tensors behind. */
export function trainStep(model: Model, optimizer: Optimizer, batch: Batch, stage: StageConfig, classes: number, lr: number): number {
  const x = pixelsToTensor(batch)
  try {
    const { value, grads } = tf.variableGrads(() => batchLoss(model.forward(x, true), batch, stage, classes), model.trainableVariables())
    optimizer.step(grads, lr)
    const loss = value.dataSync()[0]!
    value.dispose()
    tf.dispose(grads)
    model.updateRunningStats()
    if (!Number.isFinite(loss)) throw new Error(`the loss became ${loss} at lr ${lr}: lower the learning rate`)
    return loss
  } finally {
    x.dispose()
  }
}
