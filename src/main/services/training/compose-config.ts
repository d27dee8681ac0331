import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { ApiError } from '../../../shared/errors'
import { parseRunConfig, type RunConfig } from '../../../shared/training/config'
import { presetNames, presets, type PresetName } from '../../../shared/training/presets'

/** The common fields a command line (or a quick form) may set; each applies to every stage. */
export interface ConfigOverrides {
  name?: string
  arch?: string
  width?: number
  stages?: string[]
  epochs?: number
  batchSize?: number
  inputSizes?: number[]
  lr?: number
  optimizer?: string
  augmentation?: string
  sampling?: string
  maxImages?: number
  maxValidationImages?: number
  samplesPerEpoch?: number
  timeBudgetSeconds?: number
  budgetUse?: string
  seed?: number
}

type Plain = Record<string, unknown>
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Objects merge key by key; arrays and values replace. */
function merge(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base }
  for (const [key, value] of Object.entries(over)) out[key] = isPlain(value) && isPlain(out[key]) ? merge(out[key] as Plain, value) : value
  return out
}

function readConfigFile(file: string): Plain {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new ApiError('not-found', `cannot read ${file}: ${(error as Error).message}`, file)
  }
  try {
    const parsed: unknown = JSON.parse(text)
    if (!isPlain(parsed)) throw new Error('the file must hold one JSON object')
    return parsed
  } catch (error) {
    throw new ApiError('bad-input', `${file}: not a run config: ${(error as Error).message}`, file)
  }
}

/**
 * A run's config from, in order of precedence: the overrides, the config file, the preset, the defaults.
 * Errors name the file and the field (`run.json: stages.1.optimizer.lr: Too small…`).
 */
export function composeRunConfig(options: { preset?: string; file?: string; overrides?: ConfigOverrides }): RunConfig {
  let config: Plain = {}
  if (options.preset !== undefined) {
    if (!presetNames.includes(options.preset as PresetName)) throw new ApiError('invalid-argument', `unknown preset ${options.preset}; presets: ${presetNames.join(', ')}`, 'preset')
    config = structuredClone(presets[options.preset as PresetName]) as Plain
  }
  if (options.file !== undefined) config = merge(config, readConfigFile(options.file))
  config = applyOverrides(config, options.overrides ?? {})
  try {
    return parseRunConfig(config)
  } catch (error) {
    if (error instanceof z.ZodError) {
      const where = options.file ?? 'run config'
      const lines = error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`)
      throw new ApiError('invalid-argument', `${where}: ${lines.join('; ')}`, String(error.issues[0]?.path.join('.') ?? ''))
    }
    throw error
  }
}

function applyOverrides(config: Plain, o: ConfigOverrides): Plain {
  const top: Plain = {}
  if (o.name !== undefined) top.name = o.name
  if (o.arch !== undefined || o.width !== undefined) top.model = { ...(o.arch !== undefined ? { arch: o.arch } : {}), ...(o.width !== undefined ? { width: o.width } : {}) }
  if (o.maxImages !== undefined) top.maxImages = o.maxImages
  if (o.maxValidationImages !== undefined) top.maxValidationImages = o.maxValidationImages
  if (o.timeBudgetSeconds !== undefined) top.timeBudgetSeconds = o.timeBudgetSeconds
  if (o.budgetUse !== undefined) top.budgetUse = o.budgetUse
  if (o.seed !== undefined) top.seed = o.seed
  let merged = merge(config, top)
  let stages = (Array.isArray(merged.stages) ? merged.stages : [{ kind: 'labels' }]) as Plain[]
  if (o.stages !== undefined) {
    const byKind = new Map(stages.map((s) => [s.kind, s]))
    stages = o.stages.map((kind) => byKind.get(kind) ?? { kind })
  }
  const stage: Plain = {}
  if (o.epochs !== undefined) stage.epochs = o.epochs
  if (o.batchSize !== undefined) stage.batchSize = o.batchSize
  if (o.inputSizes !== undefined) stage.inputSizes = o.inputSizes
  if (o.augmentation !== undefined) stage.augmentation = o.augmentation
  if (o.samplesPerEpoch !== undefined) stage.samplesPerEpoch = o.samplesPerEpoch
  if (o.sampling !== undefined) stage.sampling = { scheme: o.sampling }
  if (o.lr !== undefined || o.optimizer !== undefined) stage.optimizer = { ...(o.optimizer !== undefined ? { name: o.optimizer } : {}), ...(o.lr !== undefined ? { lr: o.lr } : {}) }
  merged = { ...merged, stages: stages.map((s) => merge(s, stage)) }
  return merged
}
