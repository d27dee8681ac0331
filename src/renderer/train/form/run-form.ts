import {
  runConfigSchema,
  stageConfigSchema,
  type OptimizerConfig,
  type RunConfig,
  type RunConfigInput,
  type StageConfig,
  type StageKind,
} from '../../../shared/training/config'

/** When a stage switches to its second optimizer: never, at the start of an epoch, or when validation stalls. */
export type SwitchWhen = 'never' | 'epoch' | 'plateau'

/** One stage as the form edits it; `on` false leaves the stage out of the run but keeps its settings. */
export interface StageForm {
  on: boolean
  stage: StageConfig
  switchWhen: SwitchWhen
  switchTo: OptimizerConfig
  /** The epoch to switch at, or the plateau patience in epochs. */
  switchAfter: number
  switchMinDelta: number
}

/** The training form: the run-level settings (their `stages` unused) and one stage per kind. */
export interface RunForm {
  run: RunConfig
  stages: Record<StageKind, StageForm>
}

/** Field path (as the schema names it, e.g. `stages.0.batchSize`) → the problem with it. */
export type FieldErrors = ReadonlyMap<string, string>

/** The order stages run in: box pretraining first, then multi-label fine-tuning. */
export const stageOrder: readonly StageKind[] = ['boxes', 'labels']

function stageForm(stage: StageConfig | undefined, kind: StageKind): StageForm {
  const filled = stage ?? stageConfigSchema.parse({ kind })
  const rule = filled.switch
  return {
    on: stage !== undefined,
    stage: filled,
    switchWhen: rule?.atEpoch !== undefined ? 'epoch' : rule?.plateauPatience !== undefined ? 'plateau' : 'never',
    switchTo: rule?.to ?? { name: 'sgd', lr: 0.01, weightDecay: 0, momentum: 0.9, nesterov: false },
    switchAfter: rule?.atEpoch ?? rule?.plateauPatience ?? 2,
    switchMinDelta: rule?.minDelta ?? 0.001,
  }
}

/** The form showing a config (the defaults or a preset): the first stage of each kind; absent kinds are off. */
export function formFromConfig(config: RunConfig): RunForm {
  return {
    run: config,
    stages: {
      boxes: stageForm(config.stages.find((s) => s.kind === 'boxes'), 'boxes'),
      labels: stageForm(config.stages.find((s) => s.kind === 'labels'), 'labels'),
    },
  }
}

function stageConfig({ stage, switchWhen, switchTo, switchAfter, switchMinDelta }: StageForm): StageConfig {
  const rest = { ...stage }
  delete rest.switch
  if (switchWhen === 'never') return rest
  const when = switchWhen === 'epoch' ? { atEpoch: switchAfter } : { plateauPatience: switchAfter }
  return { ...rest, switch: { to: switchTo, minDelta: switchMinDelta, ...when } }
}

/** The config `training.start` gets: the run's settings and the stages that are on, in order. */
export function buildRunConfig(form: RunForm): RunConfigInput {
  const stages = stageOrder.filter((kind) => form.stages[kind].on).map((kind) => stageConfig(form.stages[kind]))
  const config: RunConfigInput = { ...form.run, stages }
  if (!config.name?.trim()) delete config.name
  return config
}

/** Where a stage's fields sit in the built config (`stages.1`), or null while the stage is off. */
export function stagePath(form: RunForm, kind: StageKind): string | null {
  const index = stageOrder.filter((k) => form.stages[k].on).indexOf(kind)
  return index < 0 ? null : `stages.${index}`
}

/** What the shared schema says about the built config, field by field (the same checks the server makes). */
export function validateForm(form: RunForm): FieldErrors {
  const errors = new Map<string, string>()
  const parsed = runConfigSchema.safeParse(buildRunConfig(form))
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.')
      if (!errors.has(path)) errors.set(path, issue.message)
    }
  }
  return errors
}

/** A server error's `where` (`config.stages.0.batchSize`) as a form path (`stages.0.batchSize`). */
export function formPathOf(where: string | undefined): string | null {
  if (!where) return null
  return where.replace(/^config\.?/, '')
}

/** The error for a field path (null while its stage is off). */
export function errorAt(errors: FieldErrors, path: string | null): string | undefined {
  return path === null ? undefined : errors.get(path)
}

/** Local and server errors together; the server's (from the last start) win. */
export function mergeErrors(local: FieldErrors, server: { path: string | null; message: string } | null): FieldErrors {
  if (!server?.path) return local
  return new Map([...local, [server.path, server.message]])
}

/** The form with one stage changed. */
export function withStage(form: RunForm, kind: StageKind, change: Partial<StageForm>): RunForm {
  return { ...form, stages: { ...form.stages, [kind]: { ...form.stages[kind], ...change } } }
}

/** The form with some of one stage's settings changed. */
export function withStageConfig(form: RunForm, kind: StageKind, change: Partial<StageConfig>): RunForm {
  return withStage(form, kind, { stage: { ...form.stages[kind].stage, ...change } })
}

/** The form with run-level settings changed. */
export function withRun(form: RunForm, change: Partial<RunConfig>): RunForm {
  return { ...form, run: { ...form.run, ...change } }
}

/** "32, 48 64" → [32, 48, 64]; null when some entry is not a whole number. */
export function parseSizes(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter((part) => part !== '')
  if (parts.length === 0) return null
  const sizes = parts.map(Number)
  return sizes.every((n) => Number.isInteger(n)) ? sizes : null
}

/** A number field's text as a value: null for blank, NaN for text that is not a number. */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim()
  if (trimmed === '') return null
  const value = Number(trimmed)
  return Number.isFinite(value) ? value : Number.NaN
}
