import { describe, expect, it } from 'vitest'
import { parseRunConfig } from '../../../src/shared/training/config'
import { presetNames, presets } from '../../../src/shared/training/presets'

describe('run config', () => {
  it('fills every default from an empty object', () => {
    const config = parseRunConfig({})
    expect(config.model.arch).toBe('small')
    expect(config.stages).toHaveLength(1)
    expect(config.stages[0]?.kind).toBe('labels')
    expect(config.stages[0]?.optimizer).toEqual({ name: 'adam', lr: 1e-3, weightDecay: 0, momentum: 0.9, nesterov: false })
    expect(config.stages[0]?.loss).toMatchObject({ bce: 1, focal: 0, softF2: 0 })
    expect(config.validationFraction).toBe(0.1)
  })

  it('names the bad field', () => {
    expect(() => parseRunConfig({ stages: [{ kind: 'labels', optimizer: { lr: -1 } }] })).toThrow(/stages.*0.*optimizer.*lr/s)
    expect(() => parseRunConfig({ model: { arch: 'vgg' } })).toThrow(/model.*arch/s)
    expect(() => parseRunConfig({ stages: [{ kind: 'labels', loss: { bce: 0 } }] })).toThrow(/at least one loss weight/)
    expect(() => parseRunConfig({ epochs: 3 })).toThrow(/epochs/)
  })

  it('accepts every preset', () => {
    for (const name of presetNames) {
      const config = parseRunConfig(presets[name])
      expect(config.stages.length).toBeGreaterThan(0)
    }
    const seed = parseRunConfig(presets['seed-recipe'])
    expect(seed.model.arch).toBe('resnet50')
    expect(seed.stages.map((s) => s.kind)).toEqual(['boxes', 'labels'])
    expect(seed.stages[1]?.switch?.to.name).toBe('sgd')
  })
})
