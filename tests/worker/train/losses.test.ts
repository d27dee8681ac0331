import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { accuracy, multiLabelLoss, softF2Loss, softmaxCrossEntropy } from '../../../src/worker/train/losses'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const ln = Math.log
// sigmoid(ln 3) = 0.75, sigmoid(ln 4) = 0.8, sigmoid(0) = 0.5
const logits = (): tf.Tensor2D => tf.tensor2d([[ln(3), 0, -ln(3)], [ln(4), -ln(4), 0]])
const targets = (): tf.Tensor2D => tf.tensor2d([[1, 0, 0], [1, 1, 0.5]])
// p = [[0.75, 0.5, 0.25], [0.8, 0.2, 0.5]]
const only = (w: { bce?: number; focal?: number; softF2?: number; focalGamma?: number }) => ({ bce: 0, focal: 0, softF2: 0, focalGamma: 2, ...w })
const value = (t: tf.Scalar): number => {
  const v = t.dataSync()[0]!
  t.dispose()
  return v
}

describe('multiLabelLoss', () => {
  it('BCE is the mean over elements', () => {
    // −ln .75, −ln .5, −ln .75 | −ln .8, −ln .2, −(.5 ln .5 + .5 ln .5)
    const expected = -(2 * ln(0.75) + 2 * ln(0.5) + ln(0.8) + ln(0.2)) / 6
    expect(expected).toBeCloseTo(0.632373328, 8)
    expect(value(multiLabelLoss(logits(), targets(), only({ bce: 1 })))).toBeCloseTo(expected, 5)
  })

  it('focal loss (γ = 2) is the mean of y(1−p)²(−ln p) + (1−y)p²(−ln(1−p))', () => {
    const expected =
      (0.0625 * -ln(0.75) + 0.25 * -ln(0.5) + 0.0625 * -ln(0.75) + 0.04 * -ln(0.8) + 0.64 * -ln(0.2) + (0.5 * 0.25 + 0.5 * 0.25) * -ln(0.5)) / 6
    expect(expected).toBeCloseTo(0.236916642, 8)
    expect(value(multiLabelLoss(logits(), targets(), only({ focal: 1 })))).toBeCloseTo(expected, 5)
    // γ = 0 is BCE
    expect(value(multiLabelLoss(logits(), targets(), only({ focal: 1, focalGamma: 0 })))).toBeCloseTo(0.632373328, 5)
  })

  it('soft-F2 is 1 − 5Σpy / (4Σy + Σp) per image, averaged', () => {
    // image 1: Σpy = .75, Σy = 1, Σp = 1.5 → 1 − 3.75 / 5.5; image 2: Σpy = 1.25, Σy = 2.5, Σp = 1.5 → 1 − 6.25 / 11.5
    const expected = (1 - 3.75 / 5.5 + (1 - 6.25 / 11.5)) / 2
    expect(expected).toBeCloseTo(0.387351779, 8)
    expect(value(multiLabelLoss(logits(), targets(), only({ softF2: 1 })))).toBeCloseTo(expected, 5)
  })

  it('sums the weighted terms', () => {
    const expected = 0.632373328 + 0.5 * 0.236916642 + 2 * 0.387351779
    expect(value(multiLabelLoss(logits(), targets(), { bce: 1, focal: 0.5, softF2: 2, focalGamma: 2 }))).toBeCloseTo(expected, 5)
    expect(() => multiLabelLoss(logits(), targets(), only({}))).toThrow(/at least one/)
  })

  it('stays finite with huge logits, values and gradients', () => {
    const x = tf.variable(tf.tensor2d([[200, -200, 90]]))
    const y = tf.tensor2d([[0, 1, 1]])
    const config = { bce: 1, focal: 1, softF2: 1, focalGamma: 2 }
    const { value: loss, grads } = tf.variableGrads(() => multiLabelLoss(x, y, config), [x])
    expect(Number.isFinite(value(loss))).toBe(true)
    for (const g of grads[x.name]!.dataSync()) expect(Number.isFinite(g)).toBe(true)
    // BCE alone: (200 + 200 + ~0) / 3
    expect(value(multiLabelLoss(x, y, only({ bce: 1 })))).toBeCloseTo(400 / 3, 3)
    tf.dispose([x, y, grads[x.name]!])
  })

  it('soft-F2 gradient pushes positives up and negatives down', () => {
    const x = tf.variable(tf.tensor2d([[0.3, -0.2, 1.0, -1.5]]))
    const y = tf.tensor2d([[1, 0, 1, 0]])
    const { grads } = tf.variableGrads(() => softF2Loss(x, y), [x])
    const [a, b, c, d] = grads[x.name]!.dataSync()
    expect(a).toBeLessThan(0)
    expect(c).toBeLessThan(0)
    expect(b).toBeGreaterThan(0)
    expect(d).toBeGreaterThan(0)
    // an image without positives adds no gradient
    const none = tf.tensor2d([[0, 0, 0, 0]])
    const { grads: zero } = tf.variableGrads(() => softF2Loss(x, none), [x])
    for (const g of zero[x.name]!.dataSync()) expect(Math.abs(g)).toBeLessThan(1e-9)
  })
})

describe('softmaxCrossEntropy and accuracy', () => {
  it('matches hand-computed values', () => {
    // row 1: uniform over 3, class 1 → ln 3; row 2: [0, ln 2, 0] → p(1) = 2/4 → ln 2
    const x = tf.tensor2d([[0, 0, 0], [0, ln(2), 0]])
    const labels = Int32Array.from([1, 1])
    expect(value(softmaxCrossEntropy(x, labels))).toBeCloseTo((ln(3) + ln(2)) / 2, 5)
    expect(value(softmaxCrossEntropy(x, tf.tensor1d([1, 1], 'int32')))).toBeCloseTo(0.8958797, 5)
    // row 1's argmax is 0 (first of ties) → wrong; row 2 right
    expect(accuracy(x, labels)).toBe(0.5)
    expect(accuracy(tf.tensor2d([], [0, 3]), new Int32Array())).toBe(0)
  })
})
