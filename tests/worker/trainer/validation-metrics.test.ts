import { describe, expect, it } from 'vitest'
import { accuracyOf, validateLabels } from '../../../src/worker/trainer/validation-metrics'

describe('validation metrics', () => {
  it('finds the threshold that separates the true labels and beats the baseline', () => {
    const codes = ['A', 'B', 'C']
    // image 0 is {A}, image 1 is {B, C}; the scores rank the true labels above 0.5 and the others below.
    const probabilities = Float32Array.from([0.9, 0.2, 0.1, 0.3, 0.8, 0.7])
    const result = validateLabels(probabilities, [[0], [1, 2]], codes, ['A', 'B', 'C'])
    expect(result.f2).toBeCloseTo(1, 6)
    expect(result.threshold).toBeGreaterThan(0.3)
    expect(result.threshold).toBeLessThanOrEqual(0.7)
    expect(result.baselineF2).toBeLessThan(1)
  })

  it('counts a crop right when its class has the highest logit', () => {
    const logits = Float32Array.from([2, 1, 0, 0, 1, 3, 5, 0, 0])
    expect(accuracyOf(logits, [0, 2, 1], 3)).toBeCloseTo(2 / 3, 6)
  })
})
