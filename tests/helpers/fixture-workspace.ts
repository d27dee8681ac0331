import { join } from 'node:path'
import { openDemoWorkspace } from '../../src/main/services/workspace/demo-workspace'
import type { Workspace } from '../../src/main/services/workspace/workspace'
import { tempDir } from './temp-dir'

export interface FixtureWorkspace {
  workspace: Workspace
  datasetDir: string
  remove(): void
}

/**
 * A real workspace on a small generated dataset (the demo generator: real sharp JPEGs, real class
 * codes and hierarchy), indexed into a real SQLite catalog in a temp folder.
 */
export async function fixtureWorkspace(images = 24): Promise<FixtureWorkspace> {
  const { dir, remove } = tempDir('oiw-ws-')
  const workspace = await openDemoWorkspace(() => {}, { dir: join(dir, 'ws'), images })
  return {
    workspace,
    datasetDir: join(workspace.dir, 'dataset'),
    remove: () => {
      workspace.close()
      remove()
    },
  }
}
