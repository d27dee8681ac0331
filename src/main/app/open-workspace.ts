import { resolve } from 'node:path'
import type { JobProgress } from '../../shared/api/index'
import { ApiError } from '../../shared/errors'
import { openDemoWorkspace, demoWorkspaceDir } from '../services/workspace/demo-workspace'
import { lastWorkspace, rememberWorkspace } from '../services/workspace/home'
import { Workspace } from '../services/workspace/workspace'

/**
 * The workspace a launch opens: the folder named on the command line, else the one opened last,
 * else the embedded demo workspace (made on first use). The choice is remembered for next time.
 * A named folder with no workspace becomes a new one, unless `create` is false (commands that only
 * read one): then it is a `not-found` error and nothing is written there.
 */
export async function openWorkspaceFor(
  folder: string | undefined,
  onProgress?: (progress: JobProgress) => void,
  options: { create?: boolean } = {},
): Promise<Workspace> {
  const dir = folder ? resolve(folder) : (lastWorkspace() ?? demoWorkspaceDir())
  if (options.create === false && folder && dir !== demoWorkspaceDir() && !Workspace.exists(dir)) {
    throw new ApiError('not-found', `${dir}: no oiw workspace there (no workspace.json); \`oiw index --workspace ${dir} DATASET\` makes one`, dir)
  }
  const workspace = dir === demoWorkspaceDir() ? await openDemoWorkspace(onProgress) : Workspace.open(dir)
  rememberWorkspace(workspace.dir)
  return workspace
}
