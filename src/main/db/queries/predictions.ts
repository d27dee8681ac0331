import { ApiError } from '../../../shared/errors'
import { labelSourceId } from '../../../shared/labels'
import type { Db } from '../connection'

/**
 * Prediction sets and their scores, read the way evaluation needs them: per set and per image through the
 * predictions primary key (set_id, image_id, class_id), tuning images through images_by_split and the labels
 * primary key. Nothing here scans all predictions of all sets or all labels.
 */

/** A row of prediction_sets. */
export interface PredictionSetRecord {
  id: number
  name: string
  kind: 'submission' | 'scores'
  file: string
  createdAt: string
}

/** A set's rows, distinct images, and the tuning images it scores. */
export interface PredictionSetCounts {
  rows: number
  images: number
  tuningImages: number
  humanImages: number
}

/** One tuning image: its catalog id, its id, and its true labels (codes). */
export interface TuningImage {
  id: number
  imageId: string
  truth: string[]
}

/** Scores of one image: [class code, score], described classes only (the codes a submission may hold). */
export type ImageScoreRow = [string, number]

const setColumns = 'id, name, kind, file, created_at AS createdAt'

/** Every prediction set, by name. */
export function listPredictionSets(db: Db): PredictionSetRecord[] {
  return db.prepare(`SELECT ${setColumns} FROM prediction_sets ORDER BY name`).all() as PredictionSetRecord[]
}

/** The set of that name, or an ApiError `not-found` that names the sets there are. */
export function getPredictionSet(db: Db, name: string): PredictionSetRecord {
  const set = db.prepare(`SELECT ${setColumns} FROM prediction_sets WHERE name = ?`).get(name) as PredictionSetRecord | undefined
  if (set) return set
  const names = listPredictionSets(db).map((s) => s.name).join(', ') || 'none'
  throw new ApiError('not-found', `no prediction set named ${name} in this workspace (sets: ${names}); import one with oiw index --scores NAME=FILE`, 'set')
}

/**
 * Counts a set's rows and images (one pass over its primary-key range: ~0.2 s per 2 M rows) and the tuning
 * images it scores (one primary-key probe per tuning image).
 */
export function countPredictionSet(db: Db, setId: number): PredictionSetCounts {
  const { rows, images } = db.prepare('SELECT count(*) AS rows, count(DISTINCT image_id) AS images FROM predictions WHERE set_id = ?').get(setId) as {
    rows: number
    images: number
  }
  const tuningImages = db
    .prepare(
      `SELECT count(*) FROM images i
       WHERE i.split = 'tuning'
         AND EXISTS (SELECT 1 FROM labels l WHERE l.image_id = i.id AND l.source = ?)
         AND EXISTS (SELECT 1 FROM predictions p WHERE p.set_id = ? AND p.image_id = i.id)`,
    )
    .pluck()
    .get(labelSourceId('tuning'), setId) as number
  const humanImages = db
    .prepare(
      `SELECT count(*) FROM (SELECT DISTINCT image_id FROM predictions WHERE set_id = ?) scored
       WHERE EXISTS (SELECT 1 FROM labels l WHERE l.image_id = scored.image_id AND l.source IN (?, ?) AND l.confidence = 1)`,
    )
    .pluck()
    .get(setId, labelSourceId('verification'), labelSourceId('crowdsource-verification')) as number
  return { rows, images, tuningImages, humanImages }
}

/**
 * The images a set scores that have human-positive labels, with those labels as their truth, by image id.
 * One pass over the set's primary-key range and one labels primary-key read per scored image.
 */
export function readHumanTruthImages(db: Db, setId: number): TuningImage[] {
  const labelsOf = db.prepare(
    `SELECT c.code FROM labels l JOIN classes c ON c.id = l.class_id
     WHERE l.image_id = ? AND l.source IN (?, ?) AND l.confidence = 1 ORDER BY c.code`,
  )
  const human = [labelSourceId('verification'), labelSourceId('crowdsource-verification')]
  const scored = db
    .prepare('SELECT i.id, i.image_key FROM (SELECT DISTINCT image_id FROM predictions WHERE set_id = ?) scored JOIN images i ON i.id = scored.image_id ORDER BY i.image_key')
    .raw()
    .all(setId) as Array<[number, string]>
  const images: TuningImage[] = []
  for (const [id, imageId] of scored) {
    const truth = [...new Set(labelsOf.pluck().all(id, ...human) as string[])]
    if (truth.length > 0) images.push({ id, imageId, truth })
  }
  return images
}

/** The tuning images (split `tuning`) that have tuning labels, by id, with their labels. */
export function readTuningImages(db: Db): TuningImage[] {
  const rows = db
    .prepare(
      `SELECT i.id, i.image_key, c.code FROM images i
       JOIN labels l ON l.image_id = i.id AND l.source = ?
       JOIN classes c ON c.id = l.class_id
       WHERE i.split = 'tuning' ORDER BY i.image_key`,
    )
    .raw()
    .all(labelSourceId('tuning')) as Array<[number, string, string]>
  const images: TuningImage[] = []
  for (const [id, imageId, code] of rows) {
    const last = images.at(-1)
    if (last?.id === id) last.truth.push(code)
    else images.push({ id, imageId, truth: [code] })
  }
  return images
}

/**
 * Reads one image's scores of one set at a time through the primary key: what the analysis does for each
 * tuning image and the export for each test image, so neither holds a whole set. A `submission` set scores 1.
 */
export class ImageScoresReader {
  private readonly statement

  constructor(
    db: Db,
    private readonly setId: number,
  ) {
    this.statement = db
      .prepare('SELECT c.code, p.score FROM predictions p JOIN classes c ON c.id = p.class_id WHERE p.set_id = ? AND p.image_id = ? AND c.described = 1')
      .raw()
  }

  /** The image's scores (catalog image id), empty when the set has none. */
  read(imageRowId: number): ImageScoreRow[] {
    return this.statement.all(this.setId, imageRowId) as ImageScoreRow[]
  }
}

/** Catalog ids of the given image ids (unknown ids are left out). */
export function imageRowIds(db: Db, imageIds: readonly string[]): Map<string, number> {
  const statement = db.prepare('SELECT id FROM images WHERE image_key = ?').pluck()
  const ids = new Map<string, number>()
  for (const imageId of imageIds) {
    const id = statement.get(imageId) as number | undefined
    if (id !== undefined) ids.set(imageId, id)
  }
  return ids
}

/** The catalog ids of the images a set scores, in order: one pass over the set's primary-key range, no sort. */
export function scoredImageIds(db: Db, setId: number): Iterable<number> {
  return db.prepare('SELECT DISTINCT image_id FROM predictions WHERE set_id = ? ORDER BY image_id').pluck().iterate(setId) as Iterable<number>
}

/** The image id of a catalog id. */
export function imageKeyOf(db: Db, id: number): string | undefined {
  return db.prepare('SELECT image_key FROM images WHERE id = ?').pluck().get(id) as string | undefined
}

/** The catalog's test images (split `test` or `tuning`) in id order, as [catalog id, image id]; one pass over images_by_split. */
export function readTestImages(db: Db): Array<[number, string]> {
  return db.prepare("SELECT id, image_key FROM images WHERE split IN ('test', 'tuning') ORDER BY image_key").raw().all() as Array<[number, string]>
}

/** Display names of classes by code (every class: a few thousand rows). */
export function classNames(db: Db): Map<string, string> {
  return new Map(db.prepare('SELECT code, name FROM classes').raw().all() as Array<[string, string]>)
}
