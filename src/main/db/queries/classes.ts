import type { ClassPage, ClassRecord } from '../../../shared/api/index'
import type { Db } from '../connection'

interface ClassRow {
  code: string
  name: string
  boxable: number
  trainable: number
  humanPositiveImages: number | null
  machineImages: number | null
  boxes: number | null
}

function toRecord(row: ClassRow): ClassRecord {
  return {
    code: row.code,
    name: row.name,
    boxable: row.boxable === 1,
    trainable: row.trainable === 1,
    humanPositiveImages: row.humanPositiveImages ?? 0,
    machineImages: row.machineImages ?? 0,
    boxes: row.boxes ?? 0,
  }
}

/** Classes whose name or code contains `query`, most human-labelled first, with their aggregates. */
export function listClasses(db: Db, query: string, limit: number): ClassPage {
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const where = `WHERE c.name LIKE @pattern ESCAPE '\\' OR c.code LIKE @pattern ESCAPE '\\'`
  const items = db
    .prepare(
      `SELECT c.code, c.name, c.boxable, c.trainable,
              s.human_positive_images AS humanPositiveImages, s.machine_images AS machineImages, s.boxes
       FROM classes c LEFT JOIN class_stats s ON s.class_id = c.id
       ${where}
       ORDER BY coalesce(s.human_positive_images, 0) DESC, coalesce(s.boxes, 0) DESC, c.name
       LIMIT @limit`,
    )
    .all({ pattern, limit }) as ClassRow[]
  const { total } = db.prepare(`SELECT count(*) AS total FROM classes c ${where}`).get({ pattern }) as { total: number }
  return { items: items.map(toRecord), total }
}

/** The class's integer key, or null when the code is unknown. */
export function classIdByCode(db: Db, code: string): number | null {
  const row = db.prepare('SELECT id FROM classes WHERE code = ?').get(code) as { id: number } | undefined
  return row?.id ?? null
}

/** Recomputes every class's aggregates from labels and boxes; run after each import. */
export function refreshClassStats(db: Db): void {
  db.exec(`
    DELETE FROM class_stats;
    INSERT INTO class_stats (class_id, human_positive_images, human_negative_images, machine_images, tuning_images, boxes)
    SELECT c.id,
      (SELECT count(*) FROM labels l WHERE l.class_id = c.id AND l.source IN (1, 2) AND l.confidence = 1),
      (SELECT count(*) FROM labels l WHERE l.class_id = c.id AND l.source IN (1, 2) AND l.confidence = 0),
      (SELECT count(*) FROM labels l WHERE l.class_id = c.id AND l.source = 3),
      (SELECT count(*) FROM labels l WHERE l.class_id = c.id AND l.source = 4),
      (SELECT count(*) FROM boxes b WHERE b.class_id = c.id)
    FROM classes c;
  `)
}
