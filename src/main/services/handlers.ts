import type { Handlers, WorkspaceInfo } from '../../shared/api/index'
import { ApiError } from '../../shared/errors'
import { classIdByCode, listClasses } from '../db/queries/classes'
import { getImageDetail, listImages } from '../db/queries/images'
import { getCatalogSummary } from '../db/queries/summary'
import type { Workspace } from './workspace/workspace'

/**
 * The services of one open workspace as the handler map both transports serve. Arguments arrive
 * validated (src/shared/api/dispatch.ts); handlers throw `ApiError` for expected failures.
 */
export function createHandlers(workspace: Workspace, host: WorkspaceInfo['host']): Handlers {
  const db = workspace.db
  return {
    'workspace.getInfo': () => workspace.info(host),
    'catalog.getSummary': () => getCatalogSummary(db),
    'catalog.listClasses': ({ query, limit }) => listClasses(db, query, limit),
    'images.list': ({ cursor, limit, classCode, onDiskOnly }) => {
      const classId = classCode === null ? null : classIdByCode(db, classCode)
      if (classCode !== null && classId === null) throw new ApiError('not-found', `no class ${classCode} in the catalog`, 'classCode')
      return listImages(db, { after: cursor === null ? 0 : Number(cursor), limit, classId, onDiskOnly })
    },
    'images.get': ({ imageId }) => {
      const detail = getImageDetail(db, imageId)
      if (!detail) throw new ApiError('not-found', `no image ${imageId} in the catalog`, 'imageId')
      return detail
    },
  }
}
