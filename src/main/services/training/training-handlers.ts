import type { Handlers } from '../../../shared/api/index'
import type { PredictJobs } from './predict-jobs'
import type { TrainingService } from './training-service'

type TrainingMethod = Extract<keyof Handlers, `training.${string}`>
export type TrainingHandlers = Pick<Handlers, TrainingMethod>

/** The training part of the handler map. */
export function trainingHandlers(training: TrainingService, predictions: PredictJobs): TrainingHandlers {
  return {
    'training.getOptions': () => training.options(),
    'training.checkBackend': ({ refresh }) => training.checkBackend(refresh),
    'training.start': ({ config, backend }) => training.start(config, backend),
    'training.resumeRun': ({ runId }) => training.resumeRun(runId),
    'training.pause': ({ runId }) => training.pause(runId),
    'training.resume': ({ runId }) => training.resume(runId),
    'training.stop': ({ runId }) => training.stop(runId),
    'training.listRuns': () => training.listRuns(),
    'training.getRun': ({ runId, maxSteps }) => training.getRun(runId, maxSteps),
    'training.deleteRun': ({ runId }) => training.deleteRun(runId),
    'training.deleteCheckpoints': ({ runId }) => training.deleteCheckpoints(runId),
    'training.predict': ({ runId, images, tta }) => predictions.start(runId, images, tta),
    'training.cancelPredict': () => predictions.cancel(),
    'training.getPredictJob': () => predictions.current(),
  }
}
