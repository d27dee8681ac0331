import type { Db } from '../../main/db/connection'
import { BatchInsert } from '../../main/db/batch-insert'
import type { SampleImage } from '../data/training-images'
import type { ScoreRows } from './score-rows'

/** The set a prediction writes: its name, its description (the `file` column) and whether it may replace one. */
export interface PredictionSetTarget {
  name: string
  description: string
  replace: boolean
}

/** Throws a clear Error when a set of that name exists and replacing it was not asked for. */
export function checkPredictionSetName(db: Db, target: PredictionSetTarget): void {
  if (target.replace) return
  const exists = db.prepare('SELECT 1 FROM prediction_sets WHERE name = ?').pluck().get(target.name) !== undefined
  if (exists) throw new Error(`a prediction set named ${target.name} exists: pass --replace to replace it, or --name to choose another name`)
}

/**
 * Stores a prediction's scores as a prediction set of kind `scores`, in one transaction (a set of the
 * same name is deleted first when `replace` allows, else the Error of checkPredictionSetName). `classIds[c]`
 * is the catalog id of head class c. Returns the rows written.
 */
export function storePredictionSet(db: Db, target: PredictionSetTarget, images: readonly SampleImage[], classIds: readonly number[], rows: ScoreRows): number {
  return db.transaction(() => {
    checkPredictionSetName(db, target)
    db.prepare('DELETE FROM prediction_sets WHERE name = ?').run(target.name)
    const setId = Number(
      db.prepare("INSERT INTO prediction_sets (name, kind, file, created_at) VALUES (?, 'scores', ?, ?)").run(target.name, target.description, new Date().toISOString()).lastInsertRowid,
    )
    const insert = new BatchInsert(db, 'predictions', ['set_id', 'image_id', 'class_id', 'score'])
    const { image, classIndex, score } = rows.columns()
    for (let r = 0; r < rows.length; r++) insert.add(setId, images[image[r]!]!.id, classIds[classIndex[r]!]!, score[r]!)
    insert.flush()
    return rows.length
  })()
}
