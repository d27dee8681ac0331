import type { ImageBox, ImageDetail, ImageLabel } from '../../../shared/api/index'
import { labelSourceName } from '../../../shared/labels'
import type { Db } from '../connection'
import { humanSourceList } from './annotate/label-overlay'
import { imageColumns, toRecord, type ImageRow } from './images'

/** One image with every label (all sources) and box, class names joined in; null for an unknown id. */
export function getImageDetail(db: Db, imageId: string): ImageDetail | null {
  const row = db.prepare(`SELECT ${imageColumns} FROM images AS i WHERE i.image_key = ?`).get(imageId) as ImageRow | undefined
  if (!row) return null
  const labels = db
    .prepare(
      `SELECT c.code, c.name, l.source, l.confidence,
              l.source IN (${humanSourceList}) AND EXISTS (SELECT 1 FROM label_verdicts AS v WHERE v.image_id = l.image_id AND v.class_id = l.class_id) AS edited
       FROM labels AS l JOIN classes AS c ON c.id = l.class_id
       WHERE l.image_id = ? ORDER BY l.source, l.confidence DESC, c.name`,
    )
    .all(row.id) as Array<Omit<ImageLabel, 'source' | 'edited'> & { source: number; edited: number }>
  const boxes = db
    .prepare(
      `SELECT b.id AS boxId, s.name AS source, EXISTS (SELECT 1 FROM box_edits AS e WHERE e.box_id = b.id) AS edited,
              c.code, c.name, b.x_min AS xMin, b.x_max AS xMax, b.y_min AS yMin, b.y_max AS yMax,
              b.is_occluded AS isOccluded, b.is_truncated AS isTruncated, b.is_group_of AS isGroupOf,
              b.is_depiction AS isDepiction, b.is_inside AS isInside
       FROM boxes AS b JOIN classes AS c ON c.id = b.class_id JOIN box_sources AS s ON s.id = b.source_id WHERE b.image_id = ? ORDER BY b.id`,
    )
    .all(row.id) as Array<Omit<ImageBox, 'edited'> & { edited: number }>
  return {
    image: toRecord(row),
    labels: labels.map((l) => ({ ...l, source: labelSourceName(l.source), edited: l.edited === 1 })),
    boxes: boxes.map((b) => ({ ...b, edited: b.edited === 1 })),
  }
}
