import type { Handlers } from '../../../shared/api/index'
import type { FolderBrowser } from './folder-browser'
import type { IndexJobs } from './index-jobs'

export type IndexingHandlers = Pick<Handlers, 'catalog.browseFolders' | 'catalog.startIndex' | 'catalog.cancelIndex' | 'catalog.getIndexJob'>

/** The indexing part of the handler map: pick a folder by id, start, cancel and watch a run. */
export function indexingHandlers(jobs: IndexJobs, folders: FolderBrowser): IndexingHandlers {
  return {
    'catalog.browseFolders': ({ folderId }) => folders.list(folderId),
    'catalog.startIndex': ({ folderId, replaceWithEmpty }) => jobs.start(folders.datasetFolder(folderId), { replaceWithEmpty: replaceWithEmpty ?? false }),
    'catalog.cancelIndex': () => jobs.cancel(),
    'catalog.getIndexJob': () => jobs.current(),
  }
}
