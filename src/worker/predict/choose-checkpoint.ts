import { basename, resolve } from 'node:path'
import type { Db } from '../../main/db/connection'
import { listCheckpoints } from '../../main/db/queries/training-runs'
import type { TrainingRun } from '../../shared/training/runs'
import type { LoadedCheckpoint } from '../trainer/stage-checkpoints'
import { readCheckpoint } from '../trainer/stage-checkpoints'

/** Which checkpoint of a run predicts: the labels stage's best, its last epoch, or a checkpoint folder. */
export type CheckpointChoice = 'best' | 'last' | { dir: string }

/** A labels-stage checkpoint, read, with where it comes from. */
export interface ChosenCheckpoint extends LoadedCheckpoint {
  dir: string
  /** Its folder name (`stage2-epoch8`), for descriptions. */
  name: string
  stageIndex: number
}

/** The index of the run's last labels stage; throws when the run has none. */
export function lastLabelsStage(run: TrainingRun): number {
  const index = run.config.stages.map((stage) => stage.kind).lastIndexOf('labels')
  if (index < 0) throw new Error(`run ${run.id} has no labels stage (its stages: ${run.config.stages.map((s) => s.kind).join(', ')}): only a labels stage predicts image labels`)
  return index
}

/**
 * The folder of the checkpoint to predict with. `best` (the default) and `last` look at the epoch checkpoints
 * of the run's last labels stage; a folder is taken as it is (resolved). Throws a clear Error when the run has
 * no such checkpoint yet.
 */
export function checkpointFolder(db: Db, run: TrainingRun, choice: CheckpointChoice): string {
  if (typeof choice === 'object') return resolve(choice.dir)
  const stageIndex = lastLabelsStage(run)
  const epochs = listCheckpoints(db, run.id).filter((c) => c.kind === 'epoch' && c.stageIndex === stageIndex)
  const found = choice === 'best' ? epochs.find((c) => c.best) : epochs.sort((a, b) => a.epoch - b.epoch).at(-1)
  if (!found) {
    throw new Error(`run ${run.id} has no checkpoint of its labels stage (stage ${stageIndex + 1}) yet: train it further (oiw train --resume ${run.id}) or pass --checkpoint DIR`)
  }
  return found.path
}

/**
 * Finds and reads the checkpoint to predict with (`checkpointFolder`); a folder's stage kind comes from the
 * run's config. Throws a clear Error when the run has no such checkpoint yet, when the folder is a recorded
 * checkpoint of another run, or when the checkpoint is of a boxes stage (its head scores box classes). The
 * optimizer state is dropped (prediction never needs it; an ensemble holds several checkpoints).
 */
export async function chooseCheckpoint(db: Db, run: TrainingRun, choice: CheckpointChoice): Promise<ChosenCheckpoint> {
  const dir = checkpointFolder(db, run, choice)
  const recorded = db.prepare('SELECT run_id AS runId FROM training_checkpoints WHERE path = ?').get(dir) as { runId: number } | undefined
  if (recorded && recorded.runId !== run.id) throw new Error(`${dir} is a checkpoint of run ${recorded.runId}, not of run ${run.id}: pass --run ${recorded.runId}`)
  const { position, checkpoint } = await readCheckpoint(dir)
  const stage = run.config.stages[position.stageIndex]
  if (!stage) throw new Error(`${dir}: a checkpoint of stage ${position.stageIndex + 1}, but run ${run.id} has ${run.config.stages.length} stages: is it of another run?`)
  if (stage.kind !== 'labels') {
    throw new Error(`${dir}: a checkpoint of stage ${position.stageIndex + 1} (boxes): its head scores box classes, not image labels; predict with a labels-stage checkpoint`)
  }
  return { dir, name: basename(dir), stageIndex: position.stageIndex, position, checkpoint: { ...checkpoint, optimizer: null } }
}
