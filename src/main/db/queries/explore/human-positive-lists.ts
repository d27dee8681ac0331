import { labelSourceId } from '../../../../shared/labels'
import type { Db } from '../../connection'

const humanSources = `${labelSourceId('verification')}, ${labelSourceId('crowdsource-verification')}`

/** The human-positive classes of every image with a human label, packed: image i's classes are flat[starts[i]..starts[i+1]), ascending. */
export interface HumanPositiveLists {
  /** Images with any human label (either verdict); an image without a positive one has an empty list. */
  images: number
  starts: Int32Array
  flat: Int32Array
  /** Labels in all lists (an image and class both human sources name count once). */
  labels: number
  maxClassId: number
}

/**
 * One pass over the labels primary key in image order (the `image_id >= 0` range makes SQLite take it
 * rather than labels_by_class, which would need a sort), grouped per image in SQL so that JS sees one
 * string per image (1.7 M at full scale) instead of one row per label (8 M).
 */
export const humanPositiveListsSql = `SELECT group_concat(CASE WHEN confidence = 1 THEN class_id END)
  FROM labels WHERE image_id >= 0 AND source IN (${humanSources}) GROUP BY image_id`

/** Collects every image's human-positive classes into typed arrays (about 30 MB at full scale). */
export function collectHumanPositiveLists(db: Db): HumanPositiveLists {
  let flat: Int32Array<ArrayBuffer> = new Int32Array(1 << 16)
  let starts: Int32Array<ArrayBuffer> = new Int32Array(1 << 14)
  let images = 0
  let labels = 0
  let maxClassId = 0
  const scratch: number[] = []
  for (const list of db.prepare(humanPositiveListsSql).pluck().iterate() as Iterable<string | null>) {
    scratch.length = 0
    if (list !== null) for (const part of list.split(',')) scratch.push(Number(part))
    scratch.sort((a, b) => a - b)
    if (images + 2 > starts.length) starts = grow(starts)
    starts[images] = labels
    for (let i = 0; i < scratch.length; i++) {
      const classId = scratch[i]!
      if (i > 0 && scratch[i - 1] === classId) continue
      if (labels + 1 > flat.length) flat = grow(flat)
      flat[labels++] = classId
      if (classId > maxClassId) maxClassId = classId
    }
    images++
  }
  starts[images] = labels
  return { images, starts: starts.subarray(0, images + 1), flat: flat.subarray(0, labels), labels, maxClassId }
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2)
  bigger.set(array)
  return bigger
}
