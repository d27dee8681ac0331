import type { Db } from '../../main/db/connection'
import { bestCheckpoint } from '../../main/db/queries/training-runs'
import type { RunConfig, StageConfig } from '../../shared/training/config'
import type { TrainerStatus } from '../../shared/training/protocol'
import { learningRate } from '../../shared/training/schedule'
import { shouldSwitch } from '../../shared/training/switch-rule'
import { applyWeights } from '../checkpoint'
import { createModel, type Model } from '../model'
import { createOptimizer, type Optimizer } from '../train/optimizers'
import { scheduleSteps, type BudgetPlanner, type StageSchedule } from './budget-planner'
import type { TrainingControl } from './control'
import type { RunRecorder } from './run-recorder'
import type { RunPosition } from './run-position'
import { epochCheckpointFolder, positionCheckpointFolder, pruneCheckpoints, readCheckpoint, writeCheckpoint } from './stage-checkpoints'
import type { StageData } from './stage-data'
import { trainStep } from './train-step'
import { validateStage } from './validate-stage'

export interface StageJob {
  db: Db
  workspace: string
  config: RunConfig
  stageIndex: number
  data: StageData
  recorder: RunRecorder
  control: TrainingControl
  /** Where to continue when resuming inside this stage (from its checkpoint), else null. */
  resume: { position: RunPosition; dir: string } | null
  /** Run-wide counters carried from stage to stage. */
  totals: { globalStep: number; images: number; trainSeconds: number }
  /** A run with a time budget to fill plans the stage's epochs and steps; null: the configured epochs. */
  planner: BudgetPlanner | null
}

export interface StageOutcome {
  /** Set when the run must end here (stop command or time budget); null when the stage finished. */
  ended: TrainerStatus | null
  bestMetric: number | null
}

/** Smoothing of the images/s and seconds-per-step estimates (exponential moving average weight). */
const smoothing = 0.1

/** Builds the stage's model: from its own checkpoint (resume), from the previous stage's best backbone, or fresh. */
async function stageModel(job: StageJob): Promise<{ model: Model; optimizerState: Awaited<ReturnType<typeof readCheckpoint>>['checkpoint']['optimizer'] | null }> {
  const { config, stageIndex, data } = job
  const stage = config.stages[stageIndex]!
  const model = createModel({ arch: config.model.arch, width: config.model.width, classes: data.classCodes.length, seed: config.seed + stageIndex })
  if (job.resume) {
    const { checkpoint } = await readCheckpoint(job.resume.dir)
    applyWeights(model, checkpoint.weights, {})
    return { model, optimizerState: checkpoint.optimizer }
  }
  if (stageIndex > 0 && stage.fromPreviousStage) {
    const previous = bestCheckpoint(job.db, job.recorder.runId, stageIndex - 1)
    if (previous) {
      const { checkpoint } = await readCheckpoint(previous.path)
      applyWeights(model, checkpoint.weights, { skipHead: true })
      job.recorder.log('info', `stage ${stageIndex + 1} starts from stage ${stageIndex}'s best backbone (epoch ${previous.epoch}, ${previous.metric?.toFixed(4)})`)
    } else {
      job.recorder.log('warn', `stage ${stageIndex} left no checkpoint: stage ${stageIndex + 1} starts from scratch`)
    }
  }
  return { model, optimizerState: null }
}

/** Trains one stage from its start (or its resume point) to its last epoch, validating and checkpointing each epoch. */
export async function trainStage(job: StageJob): Promise<StageOutcome> {
  const { config, stageIndex, data, recorder, control, totals } = job
  const stage: StageConfig = config.stages[stageIndex]!
  const classes = data.classCodes.length
  const { model, optimizerState } = await stageModel(job)
  const position: RunPosition = job.resume?.position ?? {
    stageIndex,
    epoch: 1,
    nextBatch: 0,
    stageStep: 0,
    globalStep: totals.globalStep,
    switched: false,
    history: [],
    bestMetric: null,
    classCodes: data.classCodes,
    arch: config.model.arch,
    width: model.width,
    seconds: totals.trainSeconds,
    images: totals.images,
  }
  let optimizer: Optimizer = createOptimizer(position.switched && stage.switch ? stage.switch.to : stage.optimizer, model.trainableVariables())
  if (optimizerState) optimizer.loadState(optimizerState)
  const fullEpochSteps = Math.max(1, Math.ceil((stage.samplesPerEpoch ?? data.trainCount) / stage.batchSize))
  const resumedSchedule = job.resume?.position.schedule
  let schedule: StageSchedule = job.planner
    ? job.planner.beginStage({ stageIndex, stage, fullEpochSteps, ...(resumedSchedule ? { resume: { epoch: position.epoch, schedule: resumedSchedule } } : {}) })
    : { epochs: stage.epochs, currentSteps: fullEpochSteps, laterSteps: fullEpochSteps, nominalSteps: fullEpochSteps, stepsBefore: 0, planned: false }
  position.schedule = job.planner ? schedule : undefined
  let lastCheckpointSeconds = 0
  let lastPositionSave = Date.now()
  let imagesPerSecond = 0
  let secondsPerStep = 0
  try {
    for (; position.epoch <= schedule.epochs; position.epoch++, position.nextBatch = 0) {
      if (!position.switched && stage.switch && position.nextBatch === 0 && shouldSwitch(stage.switch, position.epoch, position.history, false)) {
        optimizer.dispose()
        optimizer = createOptimizer(stage.switch.to, model.trainableVariables())
        position.switched = true
        recorder.log('info', `epoch ${position.epoch}: optimizer switched from ${stage.optimizer.name} to ${stage.switch.to.name}`)
      }
      const active = position.switched && stage.switch ? stage.switch.to : stage.optimizer
      const epochStart = Date.now()
      let lossSum = 0
      let batches = 0
      let images = 0
      // a planned epoch longer than a pass over the samples draws more of them (the order replays on resume)
      const order = data.epochOrder(position.epoch, job.planner && schedule.currentSteps > fullEpochSteps ? schedule.currentSteps * stage.batchSize : undefined)
      const source = data.trainBatches(order, position.epoch, position.nextBatch)
      let stepStart = Date.now()
      try {
        for await (const batch of source) {
          if (batch.index >= schedule.currentSteps) break
          const end = await control.shouldEnd()
          if (end) {
            await savePosition(job, model, optimizer, position)
            return { ended: end, bestMetric: position.bestMetric }
          }
          const lr = learningRate(stage.schedule, active.lr, position.stageStep, schedule.laterSteps, schedule.epochs, job.planner ? scheduleSteps(schedule, position.epoch) : undefined)
          const loss = trainStep(model, optimizer, batch, stage, classes, lr)
          const now = Date.now()
          const seconds = Math.max(1e-3, (now - stepStart) / 1000)
          stepStart = now
          imagesPerSecond = imagesPerSecond === 0 ? batch.count / seconds : imagesPerSecond + smoothing * (batch.count / seconds - imagesPerSecond)
          secondsPerStep = secondsPerStep === 0 ? seconds : secondsPerStep + smoothing * (seconds - secondsPerStep)
          position.nextBatch = batch.index + 1
          position.stageStep++
          position.globalStep++
          position.images += batch.count
          lossSum += loss
          batches++
          images += batch.count
          if (job.planner) schedule = job.planner.stepDone(seconds, batch.count, position.epoch, position.nextBatch)
          const stepsLeft = Math.max(0, schedule.currentSteps - position.nextBatch) + (schedule.epochs - position.epoch) * schedule.laterSteps
          recorder.step({
            type: 'progress',
            stageIndex,
            stage: stage.kind,
            epoch: position.epoch,
            epochs: schedule.epochs,
            step: position.nextBatch,
            stepsPerEpoch: schedule.currentSteps,
            globalStep: position.globalStep,
            loss,
            lr,
            inputSize: batch.size,
            imagesPerSecond,
            etaSeconds: Math.round(stepsLeft * secondsPerStep),
            optimizer: active.name,
          })
          if (now - lastPositionSave > config.checkpointEveryMinutes * 60_000) {
            await savePosition(job, model, optimizer, position)
            lastPositionSave = Date.now()
          }
        }
      } finally {
        source.close()
      }
      const validationStart = Date.now()
      const validation = await validateStage(model, data, stage)
      const validationSeconds = (Date.now() - validationStart) / 1000
      const epochSeconds = (Date.now() - epochStart) / 1000
      position.history.push(validation.metric)
      const best = position.bestMetric === null || validation.metric > position.bestMetric
      if (best) position.bestMetric = validation.metric
      const trainLoss = batches > 0 ? lossSum / batches : 0
      const epochImagesPerSecond = images / Math.max(1e-3, epochSeconds)
      if (job.planner) {
        schedule = job.planner.epochEnded(position.epoch, position.stageStep, validationSeconds, data.validationCount, lastCheckpointSeconds)
        position.schedule = schedule
      }
      const common = { stageIndex, stage: stage.kind, epoch: position.epoch, epochs: schedule.epochs }
      recorder.epoch(
        {
          type: 'metrics',
          ...common,
          trainLoss,
          validationLoss: validation.loss,
          ...(validation.accuracy !== undefined ? { accuracy: validation.accuracy } : {}),
          ...(validation.f2 !== undefined ? { f2: validation.f2, threshold: validation.threshold! } : {}),
          baseline: validation.baseline,
          imagesPerSecond: epochImagesPerSecond,
          seconds: epochSeconds,
          optimizer: active.name,
        },
        {
          stageIndex,
          stage: stage.kind,
          epoch: position.epoch,
          trainLoss,
          validationLoss: validation.loss,
          accuracy: validation.accuracy ?? null,
          f2: validation.f2 ?? null,
          threshold: validation.threshold ?? null,
          baseline: validation.baseline,
          imagesPerSecond: epochImagesPerSecond,
          seconds: epochSeconds,
          optimizer: active.name,
        },
      )
      const summary =
        stage.kind === 'boxes'
          ? `accuracy ${validation.accuracy!.toFixed(4)} (most frequent class ${validation.baseline.toFixed(4)}, chance ${(1 / classes).toFixed(4)})`
          : `F2 ${validation.f2!.toFixed(4)} at threshold ${validation.threshold!.toFixed(3)} (most frequent labels ${validation.baseline.toFixed(4)})`
      recorder.log('info', `stage ${stageIndex + 1} (${stage.kind}) epoch ${position.epoch}/${schedule.epochs}: loss ${trainLoss.toFixed(4)}, validation loss ${validation.loss.toFixed(4)}, ${summary}, ${epochImagesPerSecond.toFixed(1)} images/s`)
      const dir = epochCheckpointFolder(job.workspace, recorder.runId, stageIndex, position.epoch)
      const finished = { ...position, epoch: position.epoch + 1, nextBatch: 0, seconds: totals.trainSeconds + control.elapsedSeconds }
      const checkpointStart = Date.now()
      await writeCheckpoint(dir, model, optimizer, finished)
      lastCheckpointSeconds = (Date.now() - checkpointStart) / 1000
      recorder.checkpoint(
        { stageIndex, epoch: position.epoch, kind: 'epoch', path: dir, metric: validation.metric, best, globalStep: position.globalStep },
        { type: 'checkpoint', ...common, path: dir, metric: validation.metric, best },
      )
      pruneCheckpoints(job.db, recorder.runId, stageIndex)
      lastPositionSave = Date.now()
      const skipped = data.skippedFiles()
      if (skipped.count > 0) recorder.log('warn', `${skipped.count} image files could not be read and were skipped (e.g. ${skipped.examples.slice(0, 3).join(', ')})`)
      if (control.overBudget && position.epoch < schedule.epochs) return { ended: 'time-budget', bestMetric: position.bestMetric }
    }
    return { ended: null, bestMetric: position.bestMetric }
  } finally {
    totals.globalStep = position.globalStep
    totals.images = position.images
    optimizer.dispose()
    model.dispose()
  }
}

async function savePosition(job: StageJob, model: Model, optimizer: Optimizer, position: RunPosition): Promise<void> {
  const dir = positionCheckpointFolder(job.workspace, job.recorder.runId)
  // The position folder is rewritten in place: its steps must be recorded before its files say where it is,
  // or a kill between the files and the row resumes past steps that were never written.
  job.recorder.flush()
  await writeCheckpoint(dir, model, optimizer, { ...position, seconds: job.totals.trainSeconds + job.control.elapsedSeconds })
  job.recorder.checkpoint(
    { stageIndex: job.stageIndex, epoch: position.epoch, kind: 'position', path: dir, metric: null, best: false, globalStep: position.globalStep },
    { type: 'checkpoint', stageIndex: job.stageIndex, stage: job.config.stages[job.stageIndex]!.kind, epoch: position.epoch, epochs: position.schedule?.epochs ?? job.config.stages[job.stageIndex]!.epochs, path: dir, metric: 0, best: false },
  )
  pruneCheckpoints(job.db, job.recorder.runId, job.stageIndex)
}
