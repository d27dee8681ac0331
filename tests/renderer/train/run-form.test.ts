import { describe, expect, it } from 'vitest'
import { parseRunConfig, runConfigSchema } from '../../../src/shared/training/config'
import { presets } from '../../../src/shared/training/presets'
import {
  buildRunConfig,
  formFromConfig,
  formPathOf,
  mergeErrors,
  parseNumber,
  parseSizes,
  stagePath,
  validateForm,
  withRun,
  withStage,
  withStageConfig,
} from '../../../src/renderer/train/form/run-form'

describe('the training form', () => {
  it('gives back the defaults it was made from, filled the way the server fills them', () => {
    const defaults = parseRunConfig({})
    const form = formFromConfig(defaults)
    expect(form.stages.boxes.on).toBe(false)
    expect(form.stages.labels.on).toBe(true)
    expect(parseRunConfig(buildRunConfig(form))).toEqual(defaults)
  })

  it('round-trips every preset, switch rules included', () => {
    for (const preset of Object.values(presets)) {
      const config = parseRunConfig(preset)
      const form = formFromConfig(config)
      expect(parseRunConfig(buildRunConfig(form))).toEqual(config)
    }
    const seed = formFromConfig(parseRunConfig(presets['seed-recipe']))
    expect(seed.stages.labels.switchWhen).toBe('plateau')
    expect(seed.stages.labels.switchAfter).toBe(2)
    expect(seed.stages.labels.switchTo).toMatchObject({ name: 'sgd', lr: 0.01, nesterov: true })
  })

  it('builds the tiny labels-only run the e2e test starts', () => {
    let form = formFromConfig(parseRunConfig(presets['cpu-quick']))
    form = withStage(form, 'boxes', { on: false })
    form = withRun(form, { model: { arch: 'small', width: 8 }, name: '' })
    form = withStageConfig(form, 'labels', { epochs: 500, batchSize: 8, inputSizes: [32] })
    const config = buildRunConfig(form)
    expect(config.name).toBeUndefined()
    expect(config.stages).toHaveLength(1)
    expect(config.stages![0]).toMatchObject({ kind: 'labels', epochs: 500, batchSize: 8, inputSizes: [32] })
    expect(runConfigSchema.safeParse(config).success).toBe(true)
  })

  it('keeps a stage that is off (its settings come back when it is switched on) but leaves it out of the run', () => {
    let form = formFromConfig(parseRunConfig(presets['cpu-quick']))
    form = withStage(form, 'boxes', { on: false })
    expect(stagePath(form, 'boxes')).toBeNull()
    expect(stagePath(form, 'labels')).toBe('stages.0')
    form = withStage(form, 'boxes', { on: true })
    expect(stagePath(form, 'labels')).toBe('stages.1')
    expect(buildRunConfig(form).stages!.map((s) => s.kind)).toEqual(['boxes', 'labels'])
    expect(buildRunConfig(form).stages![0]).toMatchObject({ epochs: 2, batchSize: 32 })
  })

  it('writes the switch rule the form describes, and none for "never"', () => {
    const base = formFromConfig(parseRunConfig({}))
    const atEpoch = withStage(base, 'labels', { switchWhen: 'epoch', switchAfter: 5 })
    expect(buildRunConfig(atEpoch).stages![0]!.switch).toMatchObject({ atEpoch: 5, to: { name: 'sgd' } })
    expect(buildRunConfig(atEpoch).stages![0]!.switch).not.toHaveProperty('plateauPatience')
    const never = withStage(atEpoch, 'labels', { switchWhen: 'never' })
    expect(buildRunConfig(never).stages![0]).not.toHaveProperty('switch')
  })

  it('names bad fields by the path the server uses, under the stage index they get', () => {
    let form = formFromConfig(parseRunConfig(presets['cpu-quick']))
    form = withStageConfig(form, 'labels', { batchSize: 0, loss: { bce: 0, focal: 0, softF2: 0, focalGamma: 2 } })
    form = withRun(form, { validationFraction: 1.5 })
    const errors = validateForm(form)
    expect([...errors.keys()].sort()).toEqual(['stages.1.batchSize', 'stages.1.loss', 'validationFraction'])
    const none = withStage(withStage(form, 'labels', { on: false }), 'boxes', { on: false })
    expect(validateForm(none).has('stages')).toBe(true)
  })

  it('maps a server error to the form field and lets it win over the local check', () => {
    expect(formPathOf('config.stages.0.batchSize')).toBe('stages.0.batchSize')
    expect(formPathOf('config')).toBe('')
    expect(formPathOf(undefined)).toBeNull()
    const merged = mergeErrors(new Map([['seed', 'local']]), { path: 'stages.0.epochs', message: 'too many' })
    expect(merged.get('stages.0.epochs')).toBe('too many')
    expect(merged.get('seed')).toBe('local')
  })

  it('reads numbers and size lists as typed', () => {
    expect(parseSizes('96, 128 160')).toEqual([96, 128, 160])
    expect(parseSizes('96, x')).toBeNull()
    expect(parseSizes(' ')).toBeNull()
    expect(parseNumber('')).toBeNull()
    expect(parseNumber('3e-4')).toBe(3e-4)
    expect(parseNumber('abc')).toBeNaN()
  })
})
