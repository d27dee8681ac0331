import { describe, expect, it } from 'vitest'
import { consistentRow, consistentScores, hierarchyAgreement } from '../../../src/shared/metric/hierarchy'
import type { ImageScores } from '../../../src/shared/metric/thresholds'

const rowOf = (scores: ImageScores, image: string) => new Map(scores.get(image))

describe('consistentScores', () => {
  // sedan → car → vehicle
  const chain = new Map([['sedan', ['car']], ['car', ['vehicle']]])

  it('raises every ancestor of a 3-level chain to its best descendant, adding missing ones', () => {
    const scores: ImageScores = new Map([
      ['a', [['sedan', 0.9], ['car', 0.3]]],
      ['b', [['car', 0.4], ['vehicle', 0.7], ['sedan', 0.1]]],
      ['c', [['tree', 0.5]]],
      ['d', []],
    ])
    const result = consistentScores(scores, chain)
    expect(result.get('a')).toEqual([['sedan', 0.9], ['car', 0.9], ['vehicle', 0.9]])
    expect(rowOf(result, 'b')).toEqual(new Map([['car', 0.4], ['vehicle', 0.7], ['sedan', 0.1]]))
    expect(result.get('c')).toEqual([['tree', 0.5]])
    expect(result.get('d')).toEqual([])
    expect(scores.get('a')).toEqual([['sedan', 0.9], ['car', 0.3]])
  })

  it('raises both parents of a class in a DAG, and their shared ancestor once, to the highest descendant', () => {
    // toy car → car and toy; car → vehicle; toy → object; vehicle → object
    const dag = new Map([['toy car', ['car', 'toy']], ['car', ['vehicle']], ['toy', ['object']], ['vehicle', ['object']]])
    const result = consistentScores(new Map([['x', [['toy car', 0.6], ['toy', 0.8], ['vehicle', 0.2]]]]), dag)
    const row = result.get('x')!
    expect(new Map(row)).toEqual(new Map([['toy car', 0.6], ['toy', 0.8], ['vehicle', 0.6], ['car', 0.6], ['object', 0.8]]))
    expect(row).toHaveLength(5)
    for (const [child, parents] of dag) {
      for (const parent of parents) if (new Map(row).has(child)) expect(new Map(row).get(parent)!).toBeGreaterThanOrEqual(new Map(row).get(child)!)
    }
  })

  it('terminates on cycles and never makes a class its own ancestor', () => {
    const cycle = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['self', ['self']]])
    const result = consistentScores(new Map([['x', [['a', 0.7], ['self', 0.2]]]]), cycle)
    expect(new Map(result.get('x'))).toEqual(new Map([['a', 0.7], ['b', 0.7], ['c', 0.7], ['self', 0.2]]))
  })

  it('makes one row at a time as consistentScores makes the whole set', () => {
    const parents = new Map([['/m/c', ['/m/b']], ['/m/b', ['/m/a']]])
    const rows = new Map<string, Array<readonly [string, number]>>([['x', [['/m/c', 0.9], ['/m/b', 0.2]]], ['y', [['/m/a', 0.7]]]])
    const consistent = consistentRow(parents)
    expect(new Map([...rows].map(([image, row]) => [image, consistent(row)]))).toEqual(consistentScores(rows, parents))
  })
})

describe('hierarchy agreement', () => {
  it('counts the labels of classes with a parent, and the share that come with a parent labelled', () => {
    const parents = new Map([['/m/dog', ['/m/animal']], ['/m/cat', ['/m/animal', '/m/pet']], ['/m/animal', ['/m/thing']]])
    const truth = new Map([
      ['1', ['/m/dog', '/m/animal']], // dog with its parent; animal without thing
      ['2', ['/m/cat', '/m/pet']], // one of cat's two parents is enough
      ['3', ['/m/dog']], // alone
      ['4', ['/m/tree']], // no parent in the hierarchy: not counted
    ])
    expect(hierarchyAgreement(truth, parents)).toEqual({ labelsWithParent: 4, share: 2 / 4 })
    expect(hierarchyAgreement(truth, new Map())).toEqual({ labelsWithParent: 0, share: 0 })
  })
})
