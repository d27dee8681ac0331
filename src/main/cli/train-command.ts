import type { Command } from 'commander'
import { ApiError } from '../../shared/errors'
import { backendNames, type BackendName } from '../../shared/training/protocol'
import { presetNames } from '../../shared/training/presets'
import { listEpochs, getRun } from '../db/queries/training-runs'
import { openWorkspaceFor } from '../app/open-workspace'
import { composeRunConfig, type ConfigOverrides } from '../services/training/compose-config'
import { forkTrainer } from '../services/training/trainer-process'
import { TrainingSession } from '../services/training/training-session'
import { parseDuration } from './duration'
import { trainingReporter } from './train-progress'

interface TrainFlags {
  workspace?: string
  config?: string
  preset?: string
  timeBudget?: string
  budgetUse?: string
  resume?: string
  backend?: string
  name?: string
  arch?: string
  width?: string
  stages?: string
  epochs?: string
  batchSize?: string
  inputSizes?: string
  lr?: string
  optimizer?: string
  augmentation?: string
  sampling?: string
  maxImages?: string
  maxValidationImages?: string
  samplesPerEpoch?: string
  seed?: string
  json?: boolean
}

function whole(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || Number(value) === 0) throw new ApiError('invalid-argument', `${flag} takes a whole number above 0, not ${value}`, flag)
  return Number(value)
}

function real(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new ApiError('invalid-argument', `${flag} takes a number above 0, not ${value}`, flag)
  return n
}

function overridesFrom(flags: TrainFlags): ConfigOverrides {
  const o: ConfigOverrides = {}
  const set = <K extends keyof ConfigOverrides>(key: K, value: ConfigOverrides[K] | undefined) => {
    if (value !== undefined) o[key] = value
  }
  set('name', flags.name)
  set('arch', flags.arch)
  set('width', whole('--width', flags.width))
  set('stages', flags.stages?.split(',').map((s) => s.trim()))
  set('epochs', whole('--epochs', flags.epochs))
  set('batchSize', whole('--batch-size', flags.batchSize))
  set('inputSizes', flags.inputSizes?.split(',').map((s) => whole('--input-sizes', s.trim())!))
  set('lr', real('--lr', flags.lr))
  set('optimizer', flags.optimizer)
  set('augmentation', flags.augmentation)
  set('sampling', flags.sampling)
  set('maxImages', whole('--max-images', flags.maxImages))
  set('maxValidationImages', whole('--max-validation-images', flags.maxValidationImages))
  set('samplesPerEpoch', whole('--samples-per-epoch', flags.samplesPerEpoch))
  set('seed', flags.seed === undefined ? undefined : Number(flags.seed))
  if (flags.timeBudget !== undefined) o.timeBudgetSeconds = parseDuration('--time-budget', flags.timeBudget)
  set('budgetUse', flags.budgetUse)
  return o
}

/**
 * `oiw train`: trains a run in a trainer process (box pretraining, then multi-label fine-tuning, as the
 * config says), with a progress bar on a terminal and lines otherwise. Ctrl+C stops cleanly (resumable
 * with --resume); a second Ctrl+C kills the trainer. Exit code 0 when the run completed, stopped or ran out
 * of its time budget, 1 when it failed.
 */
export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('train a model: box pretraining, then multi-label fine-tuning (see --preset)')
    .option('-w, --workspace <dir>', 'workspace folder (default: the last one opened, else the demo workspace)')
    .option('--config <file>', 'run config JSON (fields of src/shared/training/config.ts; flags override it)')
    .option('--preset <name>', `start from a preset: ${presetNames.join(', ')}`)
    .option('--time-budget <duration>', 'the run\'s time budget (e.g. 90s, 15m, 2h): it never runs past it and keeps the best checkpoint')
    .option('--budget-use <how>', 'fill: plan epochs, steps and the learning-rate schedule from the measured speed to fill the budget (default); stop: train the configured epochs, ending early at the budget')
    .option('--resume <run>', 'continue an interrupted or stopped run from its last checkpoint')
    .option('--backend <name>', `force a backend: ${backendNames.join(', ')} (default: the best present)`)
    .option('--name <name>', 'name of the run')
    .option('--arch <arch>', 'model: resnet18, resnet34, resnet50 or small')
    .option('--width <n>', 'channels of the first stage of the model')
    .option('--stages <kinds>', 'which stages, in order: boxes,labels | labels | boxes')
    .option('--epochs <n>', 'epochs of every stage')
    .option('--batch-size <n>', 'batch size of every stage')
    .option('--input-sizes <list>', 'input sizes in pixels, one drawn per batch (e.g. 96,112,128)')
    .option('--lr <rate>', 'peak learning rate of every stage')
    .option('--optimizer <name>', 'adam, adamw or sgd')
    .option('--augmentation <level>', 'none, soft or hard')
    .option('--sampling <scheme>', 'class-balanced sampling: none, inverse, sqrt or effective')
    .option('--max-images <n>', 'use at most this many training images')
    .option('--max-validation-images <n>', 'validate on at most this many images')
    .option('--samples-per-epoch <n>', 'samples drawn per epoch (default: all)')
    .option('--seed <n>', 'random seed')
    .option('--json', 'print the run summary as one JSON object')
    .action(async (flags: TrainFlags) => {
      if (flags.backend !== undefined && !backendNames.includes(flags.backend as BackendName)) {
        throw new ApiError('invalid-argument', `--backend takes ${backendNames.join(', ')}, not ${flags.backend}`, '--backend')
      }
      const backend = flags.backend as BackendName | undefined
      const workspace = await openWorkspaceFor(flags.workspace, undefined, { create: false })
      try {
        const request =
          flags.resume !== undefined
            ? { resumeRunId: whole('--resume', flags.resume)!, ...(backend ? { backend } : {}) }
            : { config: composeRunConfig({ ...(flags.preset ? { preset: flags.preset } : {}), ...(flags.config ? { file: flags.config } : {}), overrides: overridesFrom(flags) }), ...(backend ? { backend } : {}) }
        const session = TrainingSession.start(workspace.db, workspace.dir, request, () => forkTrainer())
        const report = trainingReporter({ json: !!flags.json, runId: session.runId })
        session.onMessage(report)
        let interrupts = 0
        const onSignal = () => (++interrupts === 1 ? session.stop() : session.kill())
        process.on('SIGINT', onSignal)
        process.on('SIGTERM', onSignal)
        const end = await session.done
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
        const run = getRun(workspace.db, session.runId)!
        const epochs = listEpochs(workspace.db, session.runId)
        if (flags.json) process.stdout.write(`${JSON.stringify({ run, epochs, end })}\n`)
        else {
          const best = run.bestMetric === null ? 'no epoch finished' : `best ${run.bestStage !== null && run.config.stages[run.bestStage]?.kind === 'boxes' ? 'accuracy' : 'F2'} ${run.bestMetric.toFixed(4)} (stage ${(run.bestStage ?? 0) + 1}, epoch ${run.bestEpoch})`
          process.stdout.write(`run ${run.id} ${end.status}${end.error ? `: ${end.error}` : ''}; ${best}; ${run.seconds.toFixed(1)} s on ${run.backend ?? '?'}\n`)
        }
        if (end.status === 'failed' || end.status === 'interrupted') process.exitCode = 1
      } finally {
        workspace.close()
      }
    })
}
