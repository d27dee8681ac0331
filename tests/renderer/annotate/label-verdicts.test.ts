import { describe, expect, it } from 'vitest'
import type { ImageLabel } from '../../../src/shared/api/index'
import { humanVerdicts, labelKey, listedLabels } from '../../../src/renderer/browse/label-groups'

const label = (code: string, source: ImageLabel['source'], confidence: number): ImageLabel => ({ code, name: code.slice(3), source, confidence, edited: false })

const labels = [
  label('/m/cat', 'machine', 0.9),
  label('/m/dog', 'verification', 1),
  label('/m/dog', 'machine', 0.7),
  label('/m/car', 'verification', 0),
  label('/m/car', 'crowdsource-verification', 1),
  label('/m/sky', 'crowdsource-verification', 0),
  label('/m/sea', 'tuning', 1),
]

describe('humanVerdicts', () => {
  it('gives each class its human verdict; a positive from either human source wins', () => {
    expect(Object.fromEntries(humanVerdicts(labels))).toEqual({ '/m/dog': 'present', '/m/car': 'present', '/m/sky': 'absent' })
  })
})

describe('listedLabels', () => {
  it('lists labels as the view groups them (human, machine, tuning), for ↑/↓', () => {
    expect(listedLabels(labels).map(labelKey)).toEqual([
      'crowdsource-verification:/m/car',
      'verification:/m/dog',
      'verification:/m/car',
      'crowdsource-verification:/m/sky',
      'machine:/m/cat',
      'machine:/m/dog',
      'tuning:/m/sea',
    ])
  })

  it('leaves out the groups switched off', () => {
    expect(listedLabels(labels, { human: false, machine: true, tuning: false }).map(labelKey)).toEqual(['machine:/m/cat', 'machine:/m/dog'])
  })
})
