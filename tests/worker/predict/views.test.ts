import { describe, expect, it } from 'vitest'
import { averageViews, parseScales, predictionViews } from '../../../src/worker/predict/views'

describe('prediction views', () => {
  it('is one plain view without TTA, and flip × scales with it', () => {
    expect(predictionViews(64, [1], false)).toEqual([{ size: 64, flip: false }])
    expect(predictionViews(64, [1], true)).toEqual([
      { size: 64, flip: false },
      { size: 64, flip: true },
    ])
    expect(predictionViews(64, [1, 1.15], true).map((v) => `${v.size}${v.flip ? 'f' : ''}`)).toEqual(['64', '64f', '74', '74f'])
  })

  it('rounds each scaled size, keeps sizes of at least 32, and counts a repeated size once', () => {
    expect(predictionViews(100, [1, 1.004, 0.5], false).map((v) => v.size)).toEqual([100, 50])
    expect(predictionViews(48, [0.5], false).map((v) => v.size)).toEqual([32])
  })

  it('reads --scales and names a bad entry', () => {
    expect(parseScales('1, 1.15')).toEqual([1, 1.15])
    expect(() => parseScales('1,x')).toThrow(/not "x"/)
    expect(() => parseScales('1,,2')).toThrow(/not ""/)
    expect(() => parseScales('0')).toThrow(/above 0/)
  })
})

describe('averageViews', () => {
  const classes = 3
  it('averages each sample over the views', () => {
    const plain = { sampleIndexes: [4, 5], probabilities: Float32Array.from([0.1, 0.2, 0.3, 0.9, 0.8, 0.7]) }
    const flipped = { sampleIndexes: [4, 5], probabilities: Float32Array.from([0.3, 0.4, 0.5, 0.7, 0.6, 0.5]) }
    const mean = averageViews([plain, flipped], classes)
    expect([...mean.sampleIndexes]).toEqual([4, 5])
    const expected = [0.2, 0.3, 0.4, 0.8, 0.7, 0.6]
    mean.probabilities.forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 6))
  })

  it('is the identity for one view', () => {
    const only = { sampleIndexes: [0, 1], probabilities: Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]) }
    expect([...averageViews([only], classes).probabilities]).toEqual([...only.probabilities])
  })

  it('counts a sample repeated in a view once, and averages a sample a view lacks over the others', () => {
    // view a: sample 7 filled the slot of an unreadable file, so it is there twice; view b lost sample 8
    const a = { sampleIndexes: [7, 7, 8], probabilities: Float32Array.from([0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.6, 0.6, 0.6]) }
    const b = { sampleIndexes: [7], probabilities: Float32Array.from([0.4, 0.4, 0.4]) }
    const mean = averageViews([a, b], classes)
    expect([...mean.sampleIndexes]).toEqual([7, 8])
    mean.probabilities.subarray(0, 3).forEach((p) => expect(p).toBeCloseTo(0.3, 6))
    mean.probabilities.subarray(3, 6).forEach((p) => expect(p).toBeCloseTo(0.6, 6))
  })
})
