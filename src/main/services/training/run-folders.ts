import { join } from 'node:path'

/** The folder of a run's checkpoints: `<workspace>/runs/<id>/`. Deleting a run deletes it. */
export function runFolder(workspace: string, runId: number): string {
  return join(workspace, 'runs', String(runId))
}

/** An epoch's checkpoint: `<run folder>/stage<k>-epoch<e>` (k 1-based). */
export function epochCheckpointFolder(workspace: string, runId: number, stageIndex: number, epoch: number): string {
  return join(runFolder(workspace, runId), `stage${stageIndex + 1}-epoch${epoch}`)
}

/** The one mid-epoch save of a run, replaced each time. */
export function positionCheckpointFolder(workspace: string, runId: number): string {
  return join(runFolder(workspace, runId), 'position')
}
