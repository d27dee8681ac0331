import { join } from 'node:path'
import { openCatalog } from '../../main/db/connection'
import { lastCheckpoint, truncateRunAfter } from '../../main/db/queries/training-runs'
import type { RunConfig } from '../../shared/training/config'
import type { BackendName, TrainerMessage } from '../../shared/training/protocol'
import { loadBackend } from '../tf/backend'
import { BudgetPlanner } from './budget-planner'
import { TrainingControl } from './control'
import { loadStageData } from './load-stage-data'
import { RunRecorder } from './run-recorder'
import type { RunPosition } from './run-position'
import { readCheckpoint } from './stage-checkpoints'
import { trainStage } from './train-stage'

export interface TrainingJob {
  workspace: string
  runId: number
  config: RunConfig
  resume: boolean
  backend?: BackendName
  /** A resumed run: the budget seconds its parent says are left (default: budget less the checkpoint's seconds). */
  budgetLeftSeconds?: number
}

/**
 * A whole run: picks the backend, finds where to resume, trains each stage in turn and records the end.
 * Never throws: a failure is recorded on the run (status failed, with the error) and reported to the parent.
 */
export async function runTraining(job: TrainingJob, send: (message: TrainerMessage) => void, control: TrainingControl): Promise<void> {
  const db = openCatalog(join(job.workspace, 'catalog.sqlite'))
  const recorder = new RunRecorder(db, job.runId, send)
  const totals = { globalStep: 0, images: 0, trainSeconds: 0 }
  let bestMetric: number | null = null
  try {
    const backend = await loadBackend(job.backend ? { prefer: job.backend } : {})
    let resume: { position: RunPosition; dir: string } | null = null
    if (job.resume) {
      const last = lastCheckpoint(db, job.runId)
      if (last) {
        const { position } = await readCheckpoint(last.path)
        resume = { position, dir: last.path }
        truncateRunAfter(db, job.runId, position.globalStep, position.stageIndex, position.epoch - 1)
        Object.assign(totals, { globalStep: position.globalStep, images: position.images, trainSeconds: position.seconds })
        bestMetric = position.bestMetric
      }
    }
    const budget = job.config.timeBudgetSeconds
    const spent = !resume ? 0 : job.budgetLeftSeconds !== undefined && budget !== undefined ? Math.max(0, budget - job.budgetLeftSeconds) : resume.position.seconds
    control.countSpent(spent)
    const planner = plannerFor(job.config, spent, control, recorder)
    const resumedFrom = resume ? { stageIndex: resume.position.stageIndex, stage: job.config.stages[resume.position.stageIndex]!.kind, epoch: resume.position.epoch, epochs: job.config.stages[resume.position.stageIndex]!.epochs, step: resume.position.nextBatch } : undefined
    recorder.started(backend, resumedFrom)
    if (job.resume && !resume) recorder.log('warn', 'no checkpoint to resume from: the run starts from the beginning')
    if (resume) recorder.log('info', `resumed at stage ${resume.position.stageIndex + 1}, epoch ${resume.position.epoch}, batch ${resume.position.nextBatch}`)
    const firstStage = resume?.position.stageIndex ?? 0
    for (let stageIndex = firstStage; stageIndex < job.config.stages.length; stageIndex++) {
      const stage = job.config.stages[stageIndex]!
      const data = await loadStageData(db, job.config, stageIndex)
      recorder.log('info', `stage ${stageIndex + 1} (${stage.kind}): ${data.classCodes.length} classes, ${data.trainCount} training and ${data.validationCount} validation samples`)
      const outcome = await trainStage({ db, workspace: job.workspace, config: job.config, stageIndex, data, recorder, control, resume: stageIndex === firstStage ? resume : null, totals, planner })
      if (outcome.bestMetric !== null) bestMetric = outcome.bestMetric
      if (outcome.ended) {
        recorder.finished(outcome.ended, totals.trainSeconds + control.elapsedSeconds, bestMetric, averageSpeed(totals, control))
        return
      }
      if (control.overBudget && stageIndex + 1 < job.config.stages.length) {
        recorder.log('info', 'the time budget is spent: the run ends before the next stage')
        recorder.finished('time-budget', totals.trainSeconds + control.elapsedSeconds, bestMetric, averageSpeed(totals, control))
        return
      }
    }
    recorder.finished('completed', totals.trainSeconds + control.elapsedSeconds, bestMetric, averageSpeed(totals, control))
  } catch (error) {
    recorder.failed(error instanceof Error ? error : new Error(String(error)), totals.trainSeconds + control.elapsedSeconds)
  } finally {
    db.close()
  }
}

/**
 * A run with a time budget to fill gets a planner; the control then ends training at the plan's end (the
 * budget less the time kept for predicting), and every revision of the plan is recorded and reported.
 */
function plannerFor(config: RunConfig, spentBefore: number, control: TrainingControl, recorder: RunRecorder): BudgetPlanner | null {
  if (config.timeBudgetSeconds === undefined || config.budgetUse !== 'fill') return null
  const planner = new BudgetPlanner({ ...config, timeBudgetSeconds: config.timeBudgetSeconds }, spentBefore, () => control.elapsedSeconds, (plan, quiet) => recorder.plan(plan, quiet))
  control.endTrainingAt(() => planner.trainingEnd)
  recorder.log('info', `time budget ${config.timeBudgetSeconds} s${spentBefore > 0 ? ` (${Math.round(spentBefore)} s spent before)` : ''}: each stage's epochs are planned from the speed of its first steps`)
  return planner
}

function averageSpeed(totals: { images: number }, control: TrainingControl): number | null {
  return control.elapsedSeconds > 0 ? totals.images / control.elapsedSeconds : null
}
