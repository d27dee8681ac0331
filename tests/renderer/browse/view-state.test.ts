import { describe, expect, it } from 'vitest'
import { defaultFilter, effectiveFilter, filterKey, readViewState, writeViewState, type ViewState } from '../../../src/renderer/browse/view-state'

const read = (query: string) => readViewState(new URLSearchParams(query))

describe('the view in the URL', () => {
  it('reads an empty query as the default view', () => {
    expect(read('')).toEqual({ filter: defaultFilter, at: 0, image: null })
  })

  it('round-trips every filter, the position and the open image, keeping the token', () => {
    const view: ViewState = {
      filter: {
        ...defaultFilter,
        classCode: '/m/01g317',
        includeDescendants: true,
        labelFilter: 'machine',
        minConfidence: 0.5,
        maxConfidence: 0.95,
        split: 'train',
        hasBoxes: false,
        onDisk: 'any',
        hasLabels: true,
        sort: 'confidence',
      },
      at: 1_200,
      image: '016937b707e3419e',
    }
    const params = writeViewState(new URLSearchParams('token=abc-123'), view)
    expect(params.get('token')).toBe('abc-123')
    expect(params.toString()).toContain('class=%2Fm%2F01g317')
    expect(readViewState(params)).toEqual(view)
  })

  it('leaves defaults out', () => {
    const params = writeViewState(new URLSearchParams('token=t&at=5&class=/m/0k4j'), { filter: defaultFilter, at: 0, image: null })
    expect(params.toString()).toBe('token=t')
  })

  it('drops what only means something with a class, or with machine labels', () => {
    const noClass = effectiveFilter({ ...defaultFilter, includeDescendants: true, labelFilter: 'machine', minConfidence: 0.4, sort: 'confidence' })
    expect(noClass).toEqual(defaultFilter)
    const human = effectiveFilter({ ...defaultFilter, classCode: '/m/0k4j', minConfidence: 0.4 })
    expect(human.minConfidence).toBe(0)
    expect(filterKey({ ...defaultFilter, labelFilter: 'box' })).toBe(filterKey(defaultFilter))
    expect(filterKey({ ...defaultFilter, classCode: '/m/0k4j', labelFilter: 'box' })).not.toBe(filterKey({ ...defaultFilter, classCode: '/m/0k4j' }))
  })

  it('falls back to defaults for anything malformed', () => {
    const view = read('class=../etc&source=magic&min=2&max=x&split=TRAIN!&boxes=maybe&sort=random&at=-4&image=../../x')
    expect(view).toEqual({ filter: defaultFilter, at: 0, image: null })
    const crossed = read('class=/m/0k4j&source=machine&min=0.9&max=0.2')
    expect([crossed.filter.minConfidence, crossed.filter.maxConfidence]).toEqual([0, 1])
    expect(read('at=1.5').at).toBe(0)
  })
})
