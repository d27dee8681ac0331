import { describe, expect, it } from 'vitest'
import type { ImageLabel } from '../../../src/shared/api/index'
import { groupLabels, labelGroupCounts } from '../../../src/renderer/browse/label-groups'

const label = (name: string, source: ImageLabel['source'], confidence: number): ImageLabel => ({ code: `/m/${name.toLowerCase()}`, name, source, confidence, edited: false })

const labels = [
  label('Tree', 'machine', 0.4),
  label('Dog', 'verification', 1),
  label('Cat', 'crowdsource-verification', 0),
  label('Apple', 'verification', 1),
  label('Sky', 'machine', 0.9),
  label('Person', 'tuning', 1),
]

describe('groupLabels', () => {
  it('groups by source: human positives then absents by name, machine by confidence, tuning by name', () => {
    const groups = groupLabels(labels)
    expect(groups.map((group) => [group.kind, group.labels.map((l) => l.name)])).toEqual([
      ['human', ['Apple', 'Dog', 'Cat']],
      ['machine', ['Sky', 'Tree']],
      ['tuning', ['Person']],
    ])
  })

  it('leaves out empty groups', () => {
    expect(groupLabels([label('Sky', 'machine', 0.9)]).map((group) => group.kind)).toEqual(['machine'])
    expect(groupLabels([])).toEqual([])
  })
})

describe('labelGroupCounts', () => {
  it('counts every group, zero for the empty ones', () => {
    expect(labelGroupCounts(labels)).toEqual({ human: 3, machine: 2, tuning: 1 })
    expect(labelGroupCounts([])).toEqual({ human: 0, machine: 0, tuning: 0 })
  })
})
