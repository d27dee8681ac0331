import * as tf from '@tensorflow/tfjs'
import type { LossConfig } from '../../shared/training/config'

/**
 * Differentiable losses for the two kinds of stage. Every function returns a new tensor and disposes its
 * intermediates (each runs in a tidy); call them inside `tf.variableGrads` or a tidy of your own.
 */

/** Keeps soft-F2's denominator above 0 for an image with no positive labels and all-zero predictions. */
export const softF2Epsilon = 1e-7

/**
 * The multi-label stage's loss: `bce × BCE + focal × focal + softF2 × soft-F2`, terms with weight 0 skipped.
 * `targets` are in [0, 1] (soft targets from machine-label confidences allowed), shaped like `logits` [N, C].
 * - BCE: binary cross-entropy with logits, mean over all N × C elements.
 * - focal: y·(1−p)^γ·(−log p) + (1−y)·p^γ·(−log(1−p)) with p = sigmoid(logit), γ = `focalGamma`, mean over
 *   elements (the standard focal loss for hard targets, without α; γ = 0 gives BCE).
 * - soft-F2: per image 1 − 5·Σ(p·y) / (4·Σy + Σp + ε), the F2 of docs/formats.md with counts replaced by sums of
 *   probabilities (5·TP / (5·TP + 4·FN + FP) = 5·TP / (4·|G| + |P|)), mean over images. An image without
 *   positives scores 1 whatever it predicts (as the metric gives it 0), so it adds no gradient.
 * All logs use log-sigmoid, so large logits neither overflow nor give NaN gradients.
 */
export function multiLabelLoss(logits: tf.Tensor2D, targets: tf.Tensor2D, config: LossConfig): tf.Scalar {
  return tf.tidy(() => {
    const terms: tf.Scalar[] = []
    // log p = min(x, 0) − log(1 + e^−|x|), from plain ops. Not tf.logSigmoid: its custom gradient keeps its
    // input in a closure instead of saving it, and the logits are an intermediate that the gradient's forward
    // tidy disposes before the backward pass reads them.
    const logP = tf.sub(tf.minimum(logits, 0), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))))
    // log(1 − p) = log p − x.
    const logNotP = tf.sub(logP, logits)
    const notTargets = tf.sub(1, targets)
    if (config.bce > 0) {
      const bce = tf.neg(tf.add(tf.mul(targets, logP), tf.mul(notTargets, logNotP)))
      terms.push(tf.mul(config.bce, tf.mean(bce)))
    }
    if (config.focal > 0) {
      const g = config.focalGamma
      const positive = tf.mul(tf.mul(targets, tf.exp(tf.mul(g, logNotP))), logP)
      const negative = tf.mul(tf.mul(notTargets, tf.exp(tf.mul(g, logP))), logNotP)
      terms.push(tf.mul(config.focal, tf.mean(tf.neg(tf.add(positive, negative)))))
    }
    if (config.softF2 > 0) terms.push(tf.mul(config.softF2, softF2Loss(logits, targets)))
    if (terms.length === 0) throw new Error('multiLabelLoss: at least one of bce, focal and softF2 must be above 0')
    return tf.addN(terms) as tf.Scalar
  })
}

/** Soft-F2 loss alone (see `multiLabelLoss`): mean over images of 1 − 5·Σ(p·y) / (4·Σy + Σp + ε). */
export function softF2Loss(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const p = tf.sigmoid(logits)
    const truePositives = tf.sum(tf.mul(p, targets), 1)
    const denominator = tf.add(tf.add(tf.mul(4, tf.sum(targets, 1)), tf.sum(p, 1)), softF2Epsilon)
    return tf.mean(tf.sub(1, tf.div(tf.mul(5, truePositives), denominator))) as tf.Scalar
  })
}

/** Class indexes as an int32 tensor; a tensor passed in is cast (and not disposed). */
function classIndexTensor(classIndexes: Int32Array | tf.Tensor1D): tf.Tensor1D {
  return classIndexes instanceof tf.Tensor ? tf.cast(classIndexes, 'int32') : tf.tensor1d(classIndexes, 'int32')
}

/** The boxes stage's loss: softmax cross-entropy of logits [N, C] against one class index per row, mean over rows. */
export function softmaxCrossEntropy(logits: tf.Tensor2D, classIndexes: Int32Array | tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[1]
    const oneHot = tf.oneHot(classIndexTensor(classIndexes), classes).toFloat()
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1))) as tf.Scalar
  })
}

/** Share of rows whose highest logit is their class (top-1 accuracy, 0 for no rows). Reads the data synchronously. */
export function accuracy(logits: tf.Tensor2D, classIndexes: Int32Array | tf.Tensor1D): number {
  const rows = logits.shape[0]
  if (rows === 0) return 0
  const correct = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), classIndexTensor(classIndexes)), 'int32')))
  const count = correct.dataSync()[0] ?? 0
  correct.dispose()
  return count / rows
}
