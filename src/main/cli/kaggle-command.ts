import type { Command } from 'commander'
import type { KaggleChildMessage, KagglePipeline, KaggleStep } from '../../shared/api/kaggle'
import { formatDuration } from '../../shared/duration'
import { ApiError } from '../../shared/errors'
import { budgetUses, type BudgetUse } from '../../shared/training/config'
import { adaptationOf, addAdaptationOptions, type AdaptationFlags } from './adaptation-flags'
import { backendNames, type BackendName } from '../../shared/training/protocol'
import { presetNames } from '../../shared/training/presets'
import { openWorkspaceFor } from '../app/open-workspace'
import { runKagglePipeline } from '../services/kaggle/kaggle-pipeline'
import { parseDuration } from './duration'

interface KaggleFlags extends AdaptationFlags {
  workspace?: string
  timeBudget: string
  sample: string
  out: string
  preset: string
  config?: string
  backend?: string
  tta: boolean
  budgetUse: string
  restart?: boolean
  json?: boolean
  progressIpc?: boolean
}

const err = (line: string) => process.stderr.write(`${line}\n`)

function stepLine(s: KaggleStep): string {
  const eta = s.etaSeconds !== null && s.state === 'running' ? `, ${formatDuration(s.etaSeconds)} left` : ''
  return `${s.name.padEnd(8)} ${s.state.padEnd(8)} ${formatDuration(s.seconds).padStart(12)}  ${s.detail ?? ''}${eta}`
}

/** Prints a line each time a step changes state or says something new (at most every 10 s while it runs). */
function stepReporter(): (pipeline: KagglePipeline) => void {
  const last = new Map<string, { state: string; detail: string | null; at: number }>()
  return (pipeline) => {
    for (const s of pipeline.steps) {
      const before = last.get(s.name)
      const changed = !before || before.state !== s.state
      const news = before && s.state === 'running' && s.detail !== before.detail && Date.now() - before.at > 10_000
      if (!changed && !news) continue
      last.set(s.name, { state: s.state, detail: s.detail, at: Date.now() })
      if (s.state !== 'waiting') err(`kaggle ${pipeline.id}: ${stepLine(s)}`)
    }
  }
}

function printSummary(p: KagglePipeline): void {
  const out = (line: string) => process.stdout.write(`${line}\n`)
  const r = p.report!
  out(`kaggle pipeline ${p.id} ${p.status}: ${formatDuration(r.usedSeconds)} of a ${formatDuration(r.budgetSeconds)} budget (${((100 * r.usedSeconds) / r.budgetSeconds).toFixed(1)} %)`)
  for (const s of p.steps) out(`  ${stepLine(s)}  (${((100 * s.seconds) / r.budgetSeconds).toFixed(1)} % of the budget)`)
  out(`validation F2 ${r.validationF2?.toFixed(4) ?? '–'} (run ${p.runId}), tuning F2 ${r.tuningF2CrossValidated?.toFixed(4) ?? '–'} (${r.tuningImages} tuning images, 5-fold cross-validated, ${r.thresholds} thresholds, global ${r.globalThreshold.toFixed(3)})`)
  if (r.adaptation !== undefined) out(`against the shift: ${r.adaptation}${r.labelsPerImage ? `; labels per image ${r.labelsPerImage.tuning.toFixed(2)} on tuning, ${r.labelsPerImage.estimatedTest.toFixed(2)} estimated on the test images` : ''}`)
  out(`wrote ${r.rows.toLocaleString('en-US')} rows (${r.filledRows.toLocaleString('en-US')} filled with the most frequent tuning labels, ${r.predictedImages.toLocaleString('en-US')} images predicted) to ${r.file}`)
}

/**
 * `oiw kaggle DIR --time-budget 15m --sample stage_2_sample_submission.csv --out sub.csv`: the whole Kaggle
 * workflow in one command (src/main/services/kaggle). Ctrl+C stops cleanly; the same command resumes.
 */
export function registerKaggleCommand(program: Command): void {
  const command = program
    .command('kaggle')
    .description('index the challenge folder, train within the budget, predict the test images with TTA, fit thresholds on tuning, write and validate the submission')
    .argument('[dir]', 'the challenge folder (class and label CSVs, tuning labels, sample submissions, train/ and test/ images); omit to use the catalog as indexed')
    .requiredOption('--time-budget <duration>', 'the whole pipeline, e.g. 15m or 2h: training is planned to fill what indexing, predicting and exporting leave')
    .requiredOption('--sample <file>', 'the sample submission whose ids are the rows (stage_1_ or stage_2_sample_submission.csv)')
    .requiredOption('--out <file>', 'the submission CSV to write')
    .option('-w, --workspace <dir>', 'workspace folder (default: the last one opened, else the demo workspace)')
    .option('--preset <name>', `training preset: ${presetNames.join(', ')}`, 'cpu-quick')
    .option('--config <file>', 'run config JSON instead of the preset (its time budget is replaced by the pipeline\'s)')
    .option('--backend <name>', `force a backend: ${backendNames.join(', ')}`)
    .option('--no-tta', 'predict without the mirrored image')
    .option('--budget-use <how>', "fill: training planned to fill the budget; stop: the preset's epochs, ending early at the budget", 'fill')
    .option('--restart', 'start over instead of resuming an unfinished pipeline for the same files')
    .option('--json', 'print the pipeline as one JSON object (progress lines stay on stderr)')
    .option('--progress-ipc', 'send progress to the parent process (used by the app)')
    .addHelpText('after', '\nRunning the same command again after Ctrl+C or a crash resumes the pipeline at its step (training at its last checkpoint).')
  addAdaptationOptions(command, 'pipeline')
  command.action(async (dir: string | undefined, flags: KaggleFlags) => {
      if (flags.backend !== undefined && !backendNames.includes(flags.backend as BackendName)) throw new ApiError('invalid-argument', `--backend takes ${backendNames.join(', ')}, not ${flags.backend}`, '--backend')
      if (!presetNames.includes(flags.preset as (typeof presetNames)[number])) throw new ApiError('invalid-argument', `--preset takes ${presetNames.join(', ')}, not ${flags.preset}`, '--preset')
      const budgetSeconds = parseDuration('--time-budget', flags.timeBudget)
      if (!budgetUses.includes(flags.budgetUse as BudgetUse)) throw new ApiError('invalid-argument', `--budget-use takes ${budgetUses.join(' or ')}, not ${flags.budgetUse}`, '--budget-use')
      const adaptation = adaptationOf(flags, 'pipeline')
      const workspace = await openWorkspaceFor(flags.workspace)
      const send = flags.progressIpc && process.send ? (message: KaggleChildMessage) => process.send!(message) : null
      const controller = new AbortController()
      let interrupts = 0
      const onSignal = () => {
        if (++interrupts > 1) process.exit(130)
        controller.abort()
        if (!send) err('stopping cleanly (Ctrl+C again to quit now); the same command resumes')
      }
      process.on('SIGINT', onSignal)
      process.on('SIGTERM', onSignal)
      if (send) process.on('disconnect', onSignal)
      const report = stepReporter()
      let pipelineId = 0
      try {
        const pipeline = await runKagglePipeline(
          workspace.db,
          workspace.dir,
          {
            dataset: dir ?? null, sample: flags.sample, out: flags.out, budgetSeconds, preset: flags.preset, tta: flags.tta, restart: !!flags.restart, budgetUse: flags.budgetUse as BudgetUse, adaptation,
            ...(flags.config ? { configFile: flags.config } : {}), ...(flags.backend ? { backend: flags.backend as BackendName } : {}),
          },
          {
            onUpdate: (p) => {
              pipelineId = p.id
              if (send) send({ type: 'pipeline', pipeline: p })
              else report(p)
            },
            onTrainer: (runId, message) => {
              if (send) send({ type: 'trainer', runId, message })
              else if (message.type === 'log' && /^plan \d/.test(message.text)) err(`kaggle ${pipelineId}: ${message.text}`)
            },
            signal: controller.signal,
          },
        )
        if (flags.json) process.stdout.write(`${JSON.stringify(pipeline)}\n`)
        else if (!send) printSummary(pipeline)
      } catch (error) {
        if (error instanceof ApiError && error.code === 'cancelled') {
          err(`kaggle ${pipelineId}: ${error.message}`)
          process.exitCode = 130
          return
        }
        throw error
      } finally {
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
        process.off('disconnect', onSignal)
        workspace.close()
      }
    })
}
