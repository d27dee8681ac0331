import { dirname } from 'node:path'
import { homedir } from 'node:os'
import type { Handlers, WorkspaceInfo } from '../../shared/api/index'
import { cliScript } from '../resources'
import { annotateHandlers, AnnotateService } from '../services/annotate/annotate-service'
import { ImageWindows } from '../services/browse/image-windows'
import { evaluationHandlers } from '../services/evaluation/evaluation-handlers'
import { EvaluationService } from '../services/evaluation/evaluation-service'
import { createHandlers } from '../services/handlers'
import { FolderBrowser } from '../services/indexing/folder-browser'
import { IndexJobs } from '../services/indexing/index-jobs'
import { kaggleHandlers } from '../services/kaggle/kaggle-handlers'
import { KaggleJobs } from '../services/kaggle/kaggle-jobs'
import { indexingHandlers } from '../services/indexing/indexing-handlers'
import { PredictJobs } from '../services/training/predict-jobs'
import { forkTrainer, type StartTrainer } from '../services/training/trainer-process'
import { trainingHandlers } from '../services/training/training-handlers'
import { TrainingService } from '../services/training/training-service'
import type { Workspace } from '../services/workspace/workspace'
import type { EventHub } from '../transport/event-hub'

export interface AppServices {
  handlers: Handlers
  /** Stops what the services run in the background (an indexing child process, a trainer). */
  dispose(): void
}

/**
 * The one place the services of an open workspace are put together, for Electron, the server and tests.
 * `startTrainer` starts a trainer process: Electron passes its utilityProcess; headless forks.
 */
export function createAppServices(workspace: Workspace, host: WorkspaceInfo['host'], hub: EventHub, startTrainer: StartTrainer = () => forkTrainer()): AppServices {
  const lastIndexed = () =>
    workspace.db.prepare("SELECT file FROM imports WHERE kind <> 'image-store' ORDER BY id DESC LIMIT 1").pluck().get() as string | undefined
  const folders = new FolderBrowser(() => {
    const file = lastIndexed()
    return file ? dirname(file) : homedir()
  })
  const windows = new ImageWindows(workspace.db)
  const jobs = new IndexJobs(cliScript(), workspace.dir, hub, () => windows.clear())
  const training = new TrainingService(workspace.db, workspace.dir, startTrainer, hub)
  const predictions = new PredictJobs(workspace.db, cliScript(), workspace.dir, hub)
  const kaggle = new KaggleJobs(workspace.db, cliScript(), workspace.dir, hub, () => training.busyReason())
  training.refuseWhile(() => kaggle.busyReason())
  const evaluation = new EvaluationService(workspace.db, workspace.dir)
  const annotate = new AnnotateService(workspace.db, hub, () => windows.clearLabelFiltered(), workspace)
  return {
    handlers: createHandlers(workspace, host, { indexing: indexingHandlers(jobs, folders), annotate: annotateHandlers(annotate), training: trainingHandlers(training, predictions), evaluation: evaluationHandlers(evaluation), kaggle: kaggleHandlers(kaggle), windows }),
    dispose: () => {
      jobs.dispose()
      training.dispose()
      predictions.dispose()
      kaggle.dispose()
      evaluation.dispose()
    },
  }
}
