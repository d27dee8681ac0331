import { rmSync } from 'node:fs'
import { join } from 'node:path'
export { epochCheckpointFolder, positionCheckpointFolder, runFolder } from '../../main/services/training/run-folders'
import { forgetCheckpoint, listCheckpoints } from '../../main/db/queries/training-runs'
import type { Db } from '../../main/db/connection'
import { keepLastEpochs } from '../../shared/training/runs'
import { loadCheckpoint, saveCheckpoint } from '../checkpoint'
import type { Model } from '../model'
import type { Optimizer } from '../train/optimizers'
import { isRunPosition, type RunPosition } from './run-position'

/** Writes model weights, optimizer state and the run's position (atomically: a crash leaves the old or the new). */
export async function writeCheckpoint(dir: string, model: Model, optimizer: Optimizer, position: RunPosition): Promise<void> {
  await saveCheckpoint(dir, { weights: model.namedWeights(), optimizer: optimizer.state(), meta: { position } })
}

export interface LoadedCheckpoint {
  position: RunPosition
  checkpoint: Awaited<ReturnType<typeof loadCheckpoint>>
}

export async function readCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const checkpoint = await loadCheckpoint(dir)
  const position = (checkpoint.meta as { position?: unknown }).position
  if (!isRunPosition(position)) throw new Error(`${join(dir, 'manifest.json')}: not a training checkpoint of oiw (no run position)`)
  return { position, checkpoint }
}

/**
 * Deletes epoch checkpoints of a stage beyond the last few, never the best; and every position save older
 * than the newest (they share one folder, only the latest row is true).
 */
export function pruneCheckpoints(db: Db, runId: number, stageIndex: number): void {
  const all = listCheckpoints(db, runId)
  const epochs = all.filter((c) => c.kind === 'epoch' && c.stageIndex === stageIndex)
  for (const old of epochs.slice(0, Math.max(0, epochs.length - keepLastEpochs))) {
    if (old.best) continue
    rmSync(old.path, { recursive: true, force: true })
    forgetCheckpoint(db, old.id)
  }
  const positions = all.filter((c) => c.kind === 'position')
  for (const old of positions.slice(0, -1)) forgetCheckpoint(db, old.id)
}
