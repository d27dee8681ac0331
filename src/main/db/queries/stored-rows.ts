import type { DatasetFileKind } from '../../../shared/api/index'
import { labelSourceId } from '../../../shared/labels'
import type { Db } from '../connection'

const labelSources: Partial<Record<DatasetFileKind, number[]>> = {
  'human-labels': [labelSourceId('verification'), labelSourceId('crowdsource-verification')],
  'machine-labels': [labelSourceId('machine')],
  'tuning-labels': [labelSourceId('tuning')],
}

/** Labels of the given sources: a scan of every label (about a second at full scale). */
export function countLabels(db: Db, sources: readonly number[]): number {
  return db.prepare(`SELECT count(*) FROM labels WHERE source IN (${sources.map(Number).join(',')})`).pluck().get() as number
}

/** Predictions of one set: a range of its primary key. */
export function countPredictions(db: Db, setId: number): number {
  return db.prepare('SELECT count(*) FROM predictions WHERE set_id = ?').pluck().get(setId) as number
}

function everImported(db: Db, kind: DatasetFileKind): boolean {
  return db.prepare('SELECT 1 FROM imports WHERE kind = ? LIMIT 1').get(kind) !== undefined
}

/**
 * What importing a file of `kind` again replaces, counted in its rows' unit: human, machine labels;
 * images with tuning labels; boxes; classes flagged boxable or trainable; hierarchy edges; for a
 * prediction set (`setName`), its scores, or the images a submission gave labels; for a sample
 * submission (`file`), the test ids it named. 0 for labels and boxes when no file of the kind was ever
 * imported (those stored then are edits', which an import keeps), so a first import costs no scan.
 * null for the kind that only adds: class names.
 */
export function storedRows(db: Db, kind: DatasetFileKind, setName?: string, file?: string): number | null {
  const sources = labelSources[kind]
  const count = (sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number
  if (sources) {
    if (!everImported(db, kind)) return 0
    return kind === 'tuning-labels' ? count(`SELECT count(DISTINCT image_id) FROM labels WHERE source = ${sources[0]!}`) : countLabels(db, sources)
  }
  switch (kind) {
    case 'boxes':
      return everImported(db, kind) ? count('SELECT count(*) FROM boxes') : 0
    case 'boxable-classes':
      return count('SELECT count(*) FROM classes WHERE boxable = 1')
    case 'trainable-classes':
      return count('SELECT count(*) FROM classes WHERE trainable = 1')
    case 'hierarchy':
      return count('SELECT count(*) FROM class_edges')
    case 'sample-submission':
      return count('SELECT count(*) FROM sample_images WHERE sample = ?', file ?? '')
    case 'scores':
    case 'submission': {
      const set = db.prepare('SELECT id FROM prediction_sets WHERE name = ?').pluck().get(setName ?? '') as number | undefined
      if (set === undefined) return 0
      return kind === 'scores' ? countPredictions(db, set) : count('SELECT count(DISTINCT image_id) FROM predictions WHERE set_id = ?', set)
    }
    default:
      return null
  }
}
