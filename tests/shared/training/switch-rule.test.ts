import { describe, expect, it } from 'vitest'
import type { SwitchRule } from '../../../src/shared/training/config'
import { epochsWithoutImprovement, shouldSwitch } from '../../../src/shared/training/switch-rule'

const to = { name: 'sgd' as const, lr: 0.01, weightDecay: 0, momentum: 0.9, nesterov: false }

describe('shouldSwitch', () => {
  it('switches at a fixed epoch, once', () => {
    const rule: SwitchRule = { to, atEpoch: 3, minDelta: 0.001 }
    expect(shouldSwitch(rule, 2, [0.1], false)).toBe(false)
    expect(shouldSwitch(rule, 3, [0.1, 0.2], false)).toBe(true)
    expect(shouldSwitch(rule, 4, [0.1, 0.2, 0.3], false)).toBe(true)
    expect(shouldSwitch(rule, 3, [0.1, 0.2], true)).toBe(false)
  })

  it('switches after plateauPatience epochs without an improvement above minDelta', () => {
    const rule: SwitchRule = { to, plateauPatience: 2, minDelta: 0.01 }
    expect(shouldSwitch(rule, 2, [0.5], false)).toBe(false)
    expect(shouldSwitch(rule, 3, [0.5, 0.4], false)).toBe(false)
    expect(shouldSwitch(rule, 4, [0.5, 0.4, 0.505], false)).toBe(true) // +0.005 ≤ minDelta
    expect(shouldSwitch(rule, 4, [0.5, 0.4, 0.52], false)).toBe(false) // +0.02 improves
    expect(shouldSwitch(rule, 5, [0.5, 0.52, 0.525, 0.529], false)).toBe(true) // best stays 0.52
    expect(shouldSwitch(rule, 5, [0.5, 0.52, 0.525, 0.529], true)).toBe(false)
    expect(shouldSwitch({ to, minDelta: 0 }, 9, [1, 1, 1, 1], false)).toBe(false)
  })

  it('counts epochs since the last improvement', () => {
    expect(epochsWithoutImprovement([], 0)).toBe(0)
    expect(epochsWithoutImprovement([0.1, 0.3, 0.2, 0.25], 0)).toBe(2)
    expect(epochsWithoutImprovement([0.1, Number.NaN, 0.1], 0)).toBe(2)
    expect(epochsWithoutImprovement([Number.NaN, Number.NaN], 0)).toBe(2)
  })
})
