import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { JobProgress } from '../../../shared/api/index'
import { getMeta, setMeta } from '../../db/queries/summary'
import { planIndex } from '../catalog/index-plan'
import { runIndex } from '../catalog/run-index'
import { generateDemoDataset } from '../demo/generate-demo-dataset'
import { oiwHome } from './home'
import { Workspace } from './workspace'

/** Where the embedded demo workspace lives: `<oiw home>/demo-workspace`. */
export function demoWorkspaceDir(): string {
  return join(oiwHome(), 'demo-workspace')
}

/**
 * Opens the demo workspace, making it on first use: a small generated dataset in Open Images format
 * (real class codes, names and hierarchy) in `dataset/`, indexed into the catalog. A run cut short
 * is redone from scratch on the next start.
 */
export async function openDemoWorkspace(
  onProgress: (progress: JobProgress) => void = () => {},
  options: { dir?: string; images?: number } = {},
): Promise<Workspace> {
  const workspace = Workspace.open(options.dir ?? demoWorkspaceDir(), { isDemo: true })
  if (getMeta(workspace.db, 'demo.ready') === '1') return workspace
  const datasetDir = join(workspace.dir, 'dataset')
  rmSync(datasetDir, { recursive: true, force: true })
  const total = options.images ?? 300
  await generateDemoDataset(datasetDir, {
    images: total,
    onProgress: (done) => onProgress({ job: 'demo', phase: 'drawing demo images', done, total, finished: false }),
  })
  await runIndex(workspace.db, planIndex([datasetDir]), {
    onProgress: (p) => onProgress({ job: 'index', phase: p.file, done: p.fileIndex, total: p.fileCount, finished: false }),
  })
  setMeta(workspace.db, 'demo.ready', '1')
  onProgress({ job: 'demo', phase: 'ready', done: total, total, finished: true })
  return workspace
}
