import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../../src/shared/prng'
import { ScoreRows, selectScores } from '../../../src/worker/predict/score-rows'

/** The definition, by a full sort: the top K, then everything else at or above the floor, best first. */
function bySort(p: Float32Array, topK: number, floor: number): number[] {
  const order = Array.from(p.keys()).sort((a, b) => p[b]! - p[a]! || a - b)
  return order.filter((c, rank) => rank < topK || p[c]! >= floor)
}

describe('selectScores', () => {
  it('keeps the top K when few classes reach the floor', () => {
    const p = Float32Array.from([0.01, 0.5, 0.02, 0.03, 0.9, 0.04])
    expect(selectScores(p, 3, 0.6)).toEqual([4, 1, 5])
  })

  it('keeps every class at or above the floor beyond the top K', () => {
    const p = Float32Array.from([0.3, 0.05, 0.2, 0.01, 0.9, 0.1])
    expect(selectScores(p, 2, 0.05)).toEqual([4, 0, 2, 5, 1])
  })

  it('keeps every class when K is above the class count, and breaks ties by class index', () => {
    expect(selectScores(Float32Array.from([0.2, 0.5, 0.2]), 20, 0.9)).toEqual([1, 0, 2])
    expect(selectScores(Float32Array.from([0.5, 0.5, 0.5, 0.5]), 2, 0.9)).toEqual([0, 1])
  })

  it('agrees with a full sort on random rows', () => {
    const random = mulberry32(3)
    for (let trial = 0; trial < 200; trial++) {
      const classes = 1 + Math.floor(random() * 300)
      // sigmoid-like: most scores small, a few large, some exact ties
      const p = Float32Array.from({ length: classes }, () => (random() < 0.1 ? 0.25 : random() ** 4))
      const topK = Math.floor(random() * 30)
      const floor = random() * 0.3
      expect(selectScores(p, topK, floor)).toEqual(bySort(p, topK, floor))
    }
  })
})

describe('ScoreRows', () => {
  it('stores the selected classes of each image with their scores, compactly', () => {
    const rows = new ScoreRows()
    const first = Float32Array.from([0.1, 0.8, 0.3])
    const second = Float32Array.from([0.6, 0.2, 0.9])
    rows.addImage(0, first, selectScores(first, 1, 0.2))
    rows.addImage(3, second, selectScores(second, 2, 1))
    rows.addImage(4, second, [])
    expect(rows.length).toBe(4)
    expect(rows.images).toBe(2)
    const { image, classIndex, score } = rows.columns()
    expect([...image]).toEqual([0, 0, 3, 3])
    expect([...classIndex]).toEqual([1, 2, 2, 0])
    expect([...score]).toEqual([first[1], first[2], second[2], second[0]])
  })
})
