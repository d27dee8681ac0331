import type { Handlers, WorkspaceInfo } from '../../shared/api/index'
import { ApiError } from '../../shared/errors'
import { listClasses } from '../db/queries/classes'
import { getImageDetail } from '../db/queries/image-detail'
import { countImages, listImages } from '../db/queries/images'
import { getCatalogSummary } from '../db/queries/summary'
import type { AnnotateHandlers } from './annotate/annotate-service'
import type { ImageWindows } from './browse/image-windows'
import type { EvaluationHandlers } from './evaluation/evaluation-handlers'
import { statsHandlers } from './explore/stats-handlers'
import type { IndexingHandlers } from './indexing/indexing-handlers'
import type { KaggleHandlers } from './kaggle/kaggle-handlers'
import type { TrainingHandlers } from './training/training-handlers'
import type { Workspace } from './workspace/workspace'

/**
 * The services of one open workspace as the handler map both transports serve. Arguments arrive
 * validated (src/shared/api/dispatch.ts); handlers throw `ApiError` for expected failures.
 */
export interface HandlerParts {
  indexing: IndexingHandlers
  annotate: AnnotateHandlers
  training: TrainingHandlers
  evaluation: EvaluationHandlers
  kaggle: KaggleHandlers
  windows: ImageWindows
}

export function createHandlers(workspace: Workspace, host: WorkspaceInfo['host'], { indexing, annotate, training, evaluation, kaggle, windows }: HandlerParts): Handlers {
  const db = workspace.db
  return {
    ...indexing,
    ...annotate,
    ...training,
    ...evaluation,
    ...kaggle,
    ...statsHandlers(db),
    'workspace.getInfo': () => workspace.info(host),
    'catalog.getSummary': () => getCatalogSummary(db),
    'catalog.listClasses': (query) => listClasses(db, query),
    // Both throw ApiError not-found (where classCode) for an unknown class, invalid-argument for a bad cursor.
    'images.list': (query) => listImages(db, query),
    'images.count': (query) => ({ count: countImages(db, query) }),
    'images.window': ({ filter, offset, limit }) => windows.window(filter, offset, limit),
    'images.get': ({ imageId }) => {
      const detail = getImageDetail(db, imageId)
      if (!detail) throw new ApiError('not-found', `no image ${imageId} in the catalog`, 'imageId')
      return detail
    },
  }
}
