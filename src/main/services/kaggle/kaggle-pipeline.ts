import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { KagglePipeline, KaggleStep, KaggleStepName } from '../../../shared/api/kaggle'
import { ApiError } from '../../../shared/errors'
import type { BudgetUse } from '../../../shared/training/config'
import { epochRange } from '../../../shared/training/prediction'
import { defaultShiftAdaptation, type ShiftAdaptation } from '../../../shared/training/shift-adaptation'
import type { BackendName, TrainerMessage } from '../../../shared/training/protocol'
import type { Db } from '../../db/connection'
import { countImagesWithFiles, createKagglePipeline, saveKagglePipeline, tuningImageKeys, unfinishedKagglePipeline } from '../../db/queries/kaggle'
import { getRun } from '../../db/queries/training-runs'
import { planIndex } from '../catalog/index-plan'
import { runIndex } from '../catalog/run-index'
import { readSampleIds } from '../evaluation/export-kaggle'
import { datasetChanges } from './dataset-changes'
import { applicableAdaptation, kaggleExport, kaggleFineTuneImages, kaggleScorings, kagglePredict } from './kaggle-predict'
import { trainForKaggle } from './kaggle-train'

export interface KaggleOptions {
  /** The challenge folder to index first; null: the catalog as it is. */
  dataset: string | null
  /** The sample submission (its ids are the rows). */
  sample: string
  out: string
  budgetSeconds: number
  preset: string
  configFile?: string
  backend?: BackendName
  /** Flip TTA when predicting (default on). */
  tta: boolean
  /** `fill` (default): training planned to fill the budget; `stop`: the preset's epochs (ending early at the budget). */
  budgetUse?: BudgetUse
  /** Start a new pipeline even if an unfinished one for the same files exists. */
  restart?: boolean
  /** What it does about the test set's shift (default `defaultShiftAdaptation`). */
  adaptation?: ShiftAdaptation
}

export interface KaggleHooks {
  onUpdate: (pipeline: KagglePipeline) => void
  onTrainer?: (runId: number, message: TrainerMessage) => void
  signal?: AbortSignal
}

/** Fewest seconds of training worth starting a run for. */
const minTrainingSeconds = 20

/** Seconds kept for fitting thresholds and writing the CSV, plus per 10 k rows. */
const exportSeconds = { fixed: 8, per10kRows: 1 }

/**
 * Seconds fine-tuning may take of the `left` ones: what is left less what the training's last plan kept for
 * predicting and exporting; without a plan (a pipeline resumed after training), half of what is left.
 */
export function fineTuneTime(left: number, reserved: { seconds: number; fineTuneSeconds: number } | null): number {
  return Math.max(1, reserved === null ? left / 2 : left - (reserved.seconds - reserved.fineTuneSeconds))
}

/**
 * The whole Kaggle workflow in one call, each step recorded in the catalog as it goes: index (skipped when
 * nothing changed), train within the budget (planned to fill it, keeping time for what follows), predict the
 * sample's and the tuning images with TTA, fit thresholds on the tuning labels and write the CSV. Running it
 * again after Ctrl+C or a crash resumes the unfinished pipeline for the same files at its step; the seconds
 * its steps took before count against the budget.
 */
export async function runKagglePipeline(db: Db, workspaceDir: string, options: KaggleOptions, hooks: KaggleHooks): Promise<KagglePipeline> {
  const sample = resolve(options.sample)
  const out = resolve(options.out)
  const dataset = options.dataset === null ? null : resolve(options.dataset)
  if (!existsSync(sample)) throw new ApiError('not-found', `${sample}: no such sample submission`, 'sample')
  if (!existsSync(dirname(out))) throw new ApiError('not-found', `${dirname(out)}: the output's folder does not exist`, 'out')
  const resumed = options.restart ? null : unfinishedKagglePipeline(db, { dataset, sample, out })
  const pipeline = resumed ?? createKagglePipeline(db, { dataset, sample, out, budgetSeconds: options.budgetSeconds, preset: options.preset })
  // a resumed pipeline takes the budget given now (a user may give a failed one more time)
  pipeline.budgetSeconds = options.budgetSeconds
  pipeline.status = 'running'
  pipeline.error = null
  const started = Date.now()
  const spentBefore = pipeline.steps.reduce((sum, s) => sum + s.seconds, 0)
  const used = () => spentBefore + (Date.now() - started) / 1000
  const update = () => {
    saveKagglePipeline(db, pipeline)
    hooks.onUpdate(pipeline)
  }
  const step = (name: KaggleStepName) => pipeline.steps.find((s) => s.name === name)!
  /** Runs a step unless it is done; its seconds accumulate across attempts. */
  const run = async (name: KaggleStepName, body: (s: KaggleStep) => Promise<void>) => {
    const s = step(name)
    if (s.state === 'done' || s.state === 'skipped') return
    const before = s.seconds
    const stepStart = Date.now()
    const tick = setInterval(() => ((s.seconds = before + (Date.now() - stepStart) / 1000), update()), 1000)
    Object.assign(s, { state: 'running', fraction: 0, etaSeconds: null })
    update()
    try {
      await body(s)
      if (s.state === 'running') s.state = 'done'
    } catch (error) {
      s.state = error instanceof ApiError && error.code === 'cancelled' ? 'stopped' : 'failed'
      throw error
    } finally {
      clearInterval(tick)
      s.seconds = before + (Date.now() - stepStart) / 1000
      s.etaSeconds = null
      update()
    }
  }
  try {
    if (resumed) hooks.onUpdate(pipeline)
    await run('index', async (s) => {
      if (dataset === null) return void Object.assign(s, { state: 'skipped', detail: 'the catalog as indexed' })
      const plan = planIndex(sample.startsWith(dataset + '/') ? [dataset] : [dataset, `sample-submission=${sample}`])
      const changes = datasetChanges(db, plan)
      if (changes.length === 0) return void Object.assign(s, { state: 'skipped', detail: 'reused the catalog: nothing changed since it was indexed' })
      s.detail = `${changes[0]}${changes.length > 1 ? ` (+${changes.length - 1} more)` : ''}`
      const report = await runIndex(db, plan, { ...(hooks.signal ? { signal: hooks.signal } : {}), onProgress: (p) => ((s.fraction = (p.fileIndex + (p.totalBytes > 0 ? p.bytes / p.totalBytes : 0)) / p.fileCount), (s.detail = `${p.file}: ${p.rows.toLocaleString('en-US')} rows`)) })
      s.detail = `${report.files.length} files, ${report.imagesOnDisk.toLocaleString('en-US')} images on disk`
    })
    const tuningKeys = tuningImageKeys(db)
    const predictKeys = new Set([...(await readSampleIds(sample)), ...tuningKeys])
    const predictImages = countImagesWithFiles(db, predictKeys)
    if (predictImages === 0) throw new ApiError('bad-input', `none of the ${predictKeys.size} images of ${sample} and the tuning labels has a file in the catalog: index the test image folder`, 'sample')
    const tuningImages = countImagesWithFiles(db, new Set(tuningKeys))
    const asked = options.adaptation ?? defaultShiftAdaptation
    const adaptation = applicableAdaptation(asked, tuningImages)
    const fineTuneLeftOut = asked.fineTuneFolds > 0 && adaptation.fineTuneFolds === 0
    const views = (options.tta ? 2 : 1) * adaptation.scales.length
    // what the training's last plan kept for fine-tuning, predicting and exporting (null: no plan seen, e.g. resumed after training)
    let reserved: { seconds: number; fineTuneSeconds: number } | null = null
    await run('train', async (s) => {
      const reserve = { predictImages: kaggleScorings({ predict: predictImages, tuning: tuningImages }, adaptation), views, fineTuneImages: kaggleFineTuneImages(tuningImages, adaptation), seconds: exportSeconds.fixed + (exportSeconds.per10kRows * predictKeys.size) / 10_000 }
      const left = options.budgetSeconds - used()
      if (pipeline.runId === null && left < reserve.seconds + minTrainingSeconds) {
        throw new ApiError('invalid-argument', `only ${Math.round(left)} s of the ${options.budgetSeconds} s budget are left for training, predicting and exporting (indexing took ${Math.round(step('index').seconds)} s): give a larger --time-budget`, 'budgetSeconds')
      }
      const result = await trainForKaggle(
        db,
        workspaceDir,
        { preset: options.preset, ...(options.configFile ? { configFile: options.configFile } : {}), ...(options.backend ? { backend: options.backend } : {}), budgetSeconds: options.budgetSeconds - used(), reserve, name: `kaggle ${pipeline.id}`, runId: pipeline.runId, adaptation, ...(options.budgetUse ? { budgetUse: options.budgetUse } : {}) },
        {
          onStart: (runId) => ((pipeline.runId = runId), update()),
          onMessage: (runId, message) => {
            if (message.type === 'plan') reserved = { seconds: message.plan.reserveSeconds, fineTuneSeconds: message.plan.fineTuneSeconds ?? 0 }
            if (message.type === 'progress') {
              s.detail = `run ${runId}, stage ${message.stageIndex + 1} (${message.stage}) epoch ${message.epoch}/${message.epochs}`
              // the plan fills the budget less what it keeps for predicting and exporting
              s.etaSeconds = reserved === null ? null : Math.max(0, options.budgetSeconds - used() - reserved.seconds)
              s.fraction = s.etaSeconds === null ? null : s.seconds / Math.max(1e-3, s.seconds + s.etaSeconds)
            }
            hooks.onTrainer?.(runId, message)
          },
          ...(hooks.signal ? { signal: hooks.signal } : {}),
        },
      )
      if (result.end.status === 'stopped' || hooks.signal?.aborted) throw new ApiError('cancelled', `stopped during training: run ${result.runId} resumes from its last checkpoint when the same command runs again`)
      if (result.end.status === 'failed' || result.end.status === 'interrupted') throw new ApiError('internal', `training run ${result.runId} ${result.end.status}: ${result.end.error ?? ''}`)
      const run = getRun(db, result.runId)
      s.detail = `run ${result.runId} ${result.end.status}, best validation F2 ${run?.bestMetric?.toFixed(4) ?? '–'}`
    })
    const predictions = `kaggle-${pipeline.id}`
    await run('predict', async (s) => {
      const fineTuning = Date.now()
      const fineTuneSeconds = fineTuneTime(options.budgetSeconds - used(), reserved)
      const report = await kagglePredict(db, { runId: pipeline.runId!, name: predictions, keys: predictKeys, tta: options.tta, adaptation, fineTuneSeconds, ...(options.backend ? { backend: options.backend } : {}) }, {
        onFineTune: (done, total) => {
          s.fraction = null
          s.etaSeconds = done > 0 ? ((total - done) * (Date.now() - fineTuning)) / 1000 / done : null
          s.detail = `fine-tuning on the tuning labels: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} images`
        },
        onProgress: (done, total, seconds) => {
          s.fraction = done / Math.max(1, total)
          s.etaSeconds = done > 0 ? ((total - done) * seconds) / done : null
          s.detail = `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} images`
        },
      }, hooks.signal)
      pipeline.predictions = predictions
      s.detail = `${report.images.toLocaleString('en-US')} images${options.tta ? ' with flip TTA' : ''}${report.fineTune ? `, fine-tuned in ${report.fineTune.folds} folds × ${epochRange(report.fineTune.epochs)} epochs` : fineTuneLeftOut ? `; fine-tuning left out: ${tuningImages} tuning images have a file, ${2 * asked.fineTuneFolds} needed` : ''}${report.f2 !== null ? `, tuning F2 ${report.f2.toFixed(4)} at threshold ${report.threshold?.toFixed(3)}` : ''}`
    })
    await run('export', async (s) => {
      const report = await kaggleExport(db, { predictions, out, sample, runId: pipeline.runId!, usedSeconds: used, budgetSeconds: options.budgetSeconds, adaptation })
      pipeline.report = report
      s.detail = `${report.rows.toLocaleString('en-US')} rows to ${out}, ${report.thresholds} thresholds`
    })
    pipeline.report = { ...pipeline.report!, usedSeconds: used() }
    pipeline.status = 'completed'
    pipeline.finishedAt = new Date().toISOString()
    update()
    return pipeline
  } catch (error) {
    const cancelled = error instanceof ApiError && error.code === 'cancelled'
    pipeline.status = cancelled ? 'interrupted' : 'failed'
    pipeline.error = error instanceof Error ? error.message : String(error)
    update()
    throw error
  }
}
