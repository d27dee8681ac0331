import type { Db } from '../../../../src/main/db/connection'
import type { BoxFields } from '../../../../src/shared/api/index'
import { mulberry32 } from '../../../../src/shared/prng'

let requests = 0
/** A fresh request id per call. */
export const rid = (): string => `test-request-${++requests}-${process.pid}`

export const noFlags = { isOccluded: 0, isTruncated: 0, isGroupOf: 0, isDepiction: 0, isInside: 0 } as const

export function box(classCode: string, xMin: number, xMax: number, yMin: number, yMax: number): BoxFields {
  return { classCode, xMin, xMax, yMin, yMax, ...noFlags }
}

/** Every aggregate an edit moves, as plain rows (for comparing incremental upkeep with a full refresh). */
export function aggregates(db: Db): Record<string, unknown> {
  const all = (sql: string) => db.prepare(sql).raw().all()
  return {
    classStats: all('SELECT class_id, human_positive_images, human_negative_images, machine_images, tuning_images, boxes, box_images FROM class_stats ORDER BY class_id'),
    agreement: all('SELECT * FROM class_agreement WHERE verified_present + verified_absent > 0 ORDER BY class_id, band'),
    pairs: all('SELECT * FROM class_pairs WHERE images > 0 ORDER BY a, b'),
    histogram: all("SELECT * FROM label_histogram ORDER BY source, labels"),
    totals: JSON.parse(db.prepare("SELECT value FROM meta WHERE key = 'explore.totals'").pluck().get() as string),
  }
}

/** The merged state in the catalog's own words: human labels and boxes by image key and class code. */
export function mergedState(db: Db): { labels: string[]; boxes: string[] } {
  const labels = db
    .prepare(
      `SELECT i.image_key || ' ' || l.source || ' ' || c.code || ' ' || l.confidence FROM labels l JOIN images i ON i.id = l.image_id
       JOIN classes c ON c.id = l.class_id WHERE l.source IN (1, 2) ORDER BY 1`,
    )
    .pluck()
    .all() as string[]
  const boxes = db
    .prepare(
      `SELECT i.image_key || ' ' || s.name || ' ' || c.code || ' ' || b.confidence || ' ' || b.x_min || ' ' || b.x_max || ' ' || b.y_min || ' ' || b.y_max
         || ' ' || b.is_occluded || b.is_truncated || b.is_group_of || b.is_depiction || b.is_inside
       FROM boxes b JOIN images i ON i.id = b.image_id JOIN classes c ON c.id = b.class_id JOIN box_sources s ON s.id = b.source_id ORDER BY 1`,
    )
    .pluck()
    .all() as string[]
  return { labels, boxes }
}

export interface Catalog {
  images: string[]
  classes: string[]
}

export function catalogKeys(db: Db): Catalog {
  return {
    images: db.prepare("SELECT image_key FROM images WHERE split = 'train' ORDER BY id").pluck().all() as string[],
    classes: db.prepare('SELECT code FROM classes WHERE id IN (SELECT class_id FROM class_stats WHERE human_positive_images + machine_images > 0) ORDER BY id').pluck().all() as string[],
  }
}

export const seeded = (seed: number) => mulberry32(seed)
