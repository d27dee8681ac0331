import { labelSourceId } from '../../../shared/labels'
import { ApiError } from '../../../shared/errors'
import type { Db } from '../../db/connection'

/** A prediction set's scores by image id (a `submission` set scores each of its labels 1), described classes only. */
export function readPredictionScores(db: Db, name: string): { kind: 'submission' | 'scores'; scores: Map<string, Array<[string, number]>> } {
  const set = db.prepare('SELECT id, kind FROM prediction_sets WHERE name = ?').get(name) as { id: number; kind: 'submission' | 'scores' } | undefined
  if (!set) {
    const names = (db.prepare('SELECT name FROM prediction_sets ORDER BY name').pluck().all() as string[]).join(', ') || 'none'
    throw new ApiError('not-found', `no prediction set named ${name} in this workspace (sets: ${names}); import one with oiw index --scores NAME=FILE`, name)
  }
  const scores = new Map<string, Array<[string, number]>>()
  const rows = db
    .prepare(
      `SELECT i.image_key AS image, c.code AS code, p.score AS score FROM predictions p
       JOIN images i ON i.id = p.image_id JOIN classes c ON c.id = p.class_id
       WHERE p.set_id = ? AND c.described = 1`,
    )
    .raw()
    .iterate(set.id) as Iterable<[string, string, number]>
  for (const [image, code, score] of rows) {
    let row = scores.get(image)
    if (row === undefined) scores.set(image, (row = []))
    row.push([code, score])
  }
  return { kind: set.kind, scores }
}

/** The tuning labels (source `tuning`) by image id. */
export function readTuningTruth(db: Db): Map<string, string[]> {
  const truth = new Map<string, string[]>()
  const rows = db
    .prepare('SELECT i.image_key, c.code FROM labels l JOIN images i ON i.id = l.image_id JOIN classes c ON c.id = l.class_id WHERE l.source = ?')
    .raw()
    .iterate(labelSourceId('tuning')) as Iterable<[string, string]>
  for (const [image, code] of rows) {
    let labels = truth.get(image)
    if (labels === undefined) truth.set(image, (labels = []))
    labels.push(code)
  }
  return truth
}

/** The catalog's test images (split `test` or `tuning`), by id. */
export function readTestImageIds(db: Db): string[] {
  return db.prepare("SELECT image_key FROM images WHERE split IN ('test', 'tuning') ORDER BY image_key").pluck().all() as string[]
}
