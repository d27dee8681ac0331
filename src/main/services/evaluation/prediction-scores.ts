import { labelSourceId } from '../../../shared/labels'
import type { Db } from '../../db/connection'

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
