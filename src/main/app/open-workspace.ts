import { resolve } from 'node:path'
import type { JobProgress } from '../../shared/api/index'
import { openDemoWorkspace, demoWorkspaceDir } from '../services/workspace/demo-workspace'
import { lastWorkspace, rememberWorkspace } from '../services/workspace/home'
import { Workspace } from '../services/workspace/workspace'

/**
 * The workspace a launch opens: the folder named on the command line, else the one opened last,
 * else the embedded demo workspace (made on first use). The choice is remembered for next time.
 */
export async function openWorkspaceFor(
  folder: string | undefined,
  onProgress?: (progress: JobProgress) => void,
): Promise<Workspace> {
  const dir = folder ? resolve(folder) : (lastWorkspace() ?? demoWorkspaceDir())
  const workspace = dir === demoWorkspaceDir() ? await openDemoWorkspace(onProgress) : Workspace.open(dir)
  rememberWorkspace(workspace.dir)
  return workspace
}
