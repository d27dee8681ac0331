import type { ImageBox, ImageDetail, ImageLabel, ImagePage, ImageRecord } from '../../../shared/api/index'
import { labelSourceName } from '../../../shared/labels'
import type { Db } from '../connection'

interface ImageRow {
  id: number
  imageId: string
  split: string
  width: number | null
  height: number | null
  path: string | null
  labelCount: number
  boxCount: number
}

const imageColumns = `i.id, i.image_key AS imageId, i.split, i.width, i.height, i.path,
  (SELECT count(*) FROM labels l WHERE l.image_id = i.id) AS labelCount,
  (SELECT count(*) FROM boxes b WHERE b.image_id = i.id) AS boxCount`

function toRecord(row: ImageRow): ImageRecord {
  return {
    imageId: row.imageId,
    split: row.split,
    width: row.width,
    height: row.height,
    onDisk: row.path !== null,
    labelCount: row.labelCount,
    boxCount: row.boxCount,
  }
}

export interface ImageQuery {
  /** Keyset: images with an integer key above this one. */
  after: number
  limit: number
  /** Only images with a human-verified positive label or a box of this class; null for all. */
  classId: number | null
  onDiskOnly: boolean
}

/** One keyset page in catalog order (integer key), filtered by class through labels_by_class and boxes_by_class. */
export function listImages(db: Db, query: ImageQuery): ImagePage {
  const classFilter =
    query.classId === null
      ? ''
      : `AND i.id IN (
           SELECT image_id FROM labels WHERE class_id = @classId AND source IN (1, 2) AND confidence = 1
           UNION SELECT image_id FROM boxes WHERE class_id = @classId)`
  const rows = db
    .prepare(
      `SELECT ${imageColumns} FROM images i
       WHERE i.id > @after ${query.onDiskOnly ? 'AND i.path IS NOT NULL' : ''} ${classFilter}
       ORDER BY i.id LIMIT @limit`,
    )
    .all({ after: query.after, limit: query.limit + 1, classId: query.classId }) as ImageRow[]
  const more = rows.length > query.limit
  const page = more ? rows.slice(0, query.limit) : rows
  return { items: page.map(toRecord), nextCursor: more ? String(page.at(-1)!.id) : null }
}

/** An image's file on disk (null if it has none) and its key; null for an unknown image id. */
export function findImageFile(db: Db, imageId: string): { id: number; path: string | null } | null {
  const row = db.prepare('SELECT id, path FROM images WHERE image_key = ?').get(imageId) as
    | { id: number; path: string | null }
    | undefined
  return row ?? null
}

export function setImageSize(db: Db, id: number, width: number, height: number): void {
  db.prepare('UPDATE images SET width = ?, height = ? WHERE id = ?').run(width, height, id)
}

/** One image with every label and box, class names joined in; null for an unknown id. */
export function getImageDetail(db: Db, imageId: string): ImageDetail | null {
  const row = db.prepare(`SELECT ${imageColumns} FROM images i WHERE i.image_key = ?`).get(imageId) as
    | ImageRow
    | undefined
  if (!row) return null
  const labels = db
    .prepare(
      `SELECT c.code, c.name, l.source, l.confidence FROM labels l JOIN classes c ON c.id = l.class_id
       WHERE l.image_id = ? ORDER BY l.source, l.confidence DESC, c.name`,
    )
    .all(row.id) as Array<Omit<ImageLabel, 'source'> & { source: number }>
  const boxes = db
    .prepare(
      `SELECT c.code, c.name, b.x_min AS xMin, b.x_max AS xMax, b.y_min AS yMin, b.y_max AS yMax,
              b.is_occluded AS isOccluded, b.is_truncated AS isTruncated, b.is_group_of AS isGroupOf,
              b.is_depiction AS isDepiction, b.is_inside AS isInside
       FROM boxes b JOIN classes c ON c.id = b.class_id WHERE b.image_id = ? ORDER BY b.id`,
    )
    .all(row.id) as ImageBox[]
  return {
    image: toRecord(row),
    labels: labels.map((l) => ({ ...l, source: labelSourceName(l.source) })),
    boxes,
  }
}
