import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseDuration } from '../../../../src/main/cli/duration'
import { composeRunConfig } from '../../../../src/main/services/training/compose-config'
import { tempDir } from '../../../helpers/temp-dir'

describe('composing a run config', () => {
  const cleanups: Array<() => void> = []
  afterEach(() => cleanups.splice(0).forEach((f) => f()))
  const file = (text: string): string => {
    const { dir, remove } = tempDir()
    cleanups.push(remove)
    const path = join(dir, 'run.json')
    writeFileSync(path, text)
    return path
  }

  it('layers defaults, preset, file and flags in that order', () => {
    const path = file(JSON.stringify({ model: { width: 8 }, stages: [{ kind: 'boxes', epochs: 3 }, { kind: 'labels', epochs: 5 }] }))
    const config = composeRunConfig({ preset: 'cpu-quick', file: path, overrides: { batchSize: 4, inputSizes: [32, 48], timeBudgetSeconds: 60 } })
    expect(config.model).toEqual({ arch: 'small', width: 8 })
    expect(config.stages.map((s) => [s.kind, s.epochs, s.batchSize])).toEqual([
      ['boxes', 3, 4],
      ['labels', 5, 4],
    ])
    expect(config.stages[1]?.inputSizes).toEqual([32, 48])
    expect(config.timeBudgetSeconds).toBe(60)
  })

  it("keeps the preset's stage settings when --stages picks some of them", () => {
    const config = composeRunConfig({ preset: 'seed-recipe', overrides: { stages: ['labels'] } })
    expect(config.stages).toHaveLength(1)
    expect(config.stages[0]).toMatchObject({ kind: 'labels', loss: { softF2: 1 } })
  })

  it('names the file and the field of a bad config', () => {
    const path = file(JSON.stringify({ stages: [{ kind: 'labels', optimizer: { lr: 0 } }] }))
    expect(() => composeRunConfig({ file: path })).toThrow(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: stages\\.0\\.optimizer\\.lr`))
    expect(() => composeRunConfig({ file: file('{ nope') })).toThrow(/run\.json: not a run config/)
    expect(() => composeRunConfig({ preset: 'fastest' })).toThrow(/unknown preset fastest; presets: seed-recipe, cpu-quick/)
    expect(() => composeRunConfig({ overrides: { arch: 'vgg16' } })).toThrow(/model\.arch/)
  })

  it('reads durations', () => {
    expect(parseDuration('--time-budget', '15m')).toBe(900)
    expect(parseDuration('--time-budget', '90')).toBe(90)
    expect(parseDuration('--time-budget', '1.5h')).toBe(5400)
    expect(() => parseDuration('--time-budget', '15 minutes')).toThrow(/--time-budget takes a duration/)
  })
})
