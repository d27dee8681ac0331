import type { FileImportReport, RowProblemKind } from '../../../shared/api/index'
import { classCodePattern, imageIdPattern } from '../../../shared/ids'
import type { Db } from '../../db/connection'
import { BatchInsert } from '../../db/batch-insert'

const maxProblems = 20

/**
 * Integer keys for the class codes and image ids of one indexing run, held in memory so a row costs
 * map lookups, not queries (1.74 M images at full scale: about 150 MB). New classes and images are
 * numbered here and written in batches; call `flush` before a commit.
 */
export class ImportContext {
  private readonly classIds = new Map<string, number>()
  private readonly imageIds = new Map<string, number>()
  private readonly newClasses: BatchInsert
  private readonly newImages: BatchInsert
  private readonly newFiles: BatchInsert
  private nextClassId: number
  private nextImageId: number

  constructor(readonly db: Db) {
    for (const row of db.prepare('SELECT id, code FROM classes').iterate() as Iterable<{ id: number; code: string }>) {
      this.classIds.set(row.code, row.id)
    }
    for (const row of db.prepare('SELECT id, image_key AS key FROM images').iterate() as Iterable<{ id: number; key: string }>) {
      this.imageIds.set(row.key, row.id)
    }
    this.nextClassId = (db.prepare('SELECT coalesce(max(id), 0) FROM classes').pluck().get() as number) + 1
    this.nextImageId = (db.prepare('SELECT coalesce(max(id), 0) FROM images').pluck().get() as number) + 1
    this.newClasses = new BatchInsert(db, 'classes', ['id', 'code'])
    this.newImages = new BatchInsert(db, 'images', ['id', 'image_key', 'split'])
    this.newFiles = new BatchInsert(db, 'images', ['id', 'image_key', 'split', 'root_id', 'path'])
  }

  /** The class's key, numbering a code seen for the first time (it stays `described = 0` until a descriptions file names it). */
  classId(code: string): number {
    let id = this.classIds.get(code)
    if (id === undefined) {
      id = this.nextClassId++
      this.classIds.set(code, id)
      this.newClasses.add(id, code)
    }
    return id
  }

  /** The image's key, numbering an id seen for the first time as an image of `split` with no file. */
  imageId(key: string, split: string): number {
    let id = this.imageIds.get(key)
    if (id === undefined) {
      id = this.nextImageId++
      // A copy: the key is a slice of a 1 MiB chunk of CSV text, which a kept slice would keep alive.
      this.imageIds.set(flatCopy(key), id)
      this.newImages.add(id, key, split)
    }
    return id
  }

  /** The key of an image id seen before (a map lookup: callers skip validating known ids). */
  knownImage(key: string): number | undefined {
    return this.imageIds.get(key)
  }

  /** Forgets images deleted from the catalog, so a later file of the run numbers them afresh. */
  forgetImages(keys: Iterable<string>): void {
    for (const key of keys) this.imageIds.delete(key)
  }

  /** The key of a class code seen before. */
  knownClass(code: string): number | undefined {
    return this.classIds.get(code)
  }

  /** Numbers a new image found in the image store, with its file. */
  addImageFile(key: string, split: string, rootId: number, path: string): number {
    const id = this.nextImageId++
    this.imageIds.set(key, id)
    this.newFiles.add(id, key, split, rootId, path)
    return id
  }

  flush(): void {
    this.newClasses.flush()
    this.newImages.flush()
    this.newFiles.flush()
  }
}

/** A string that shares no memory with the one it copies (V8 keeps the parent of a sliced string alive). */
function flatCopy(text: string): string {
  return Buffer.from(text, 'latin1').toString('latin1')
}

/** A file's report as the importers fill it. */
export function newReport(file: string, kind: FileImportReport['kind']): FileImportReport {
  return { file, kind, rows: 0, skipped: 0, skippedByKind: {}, problems: [], duplicates: null, bytes: 0, seconds: 0 }
}

/** Counts a skipped row by kind and keeps the first 20 with file:line (or the path of a skipped image file). */
export function skipRow(report: FileImportReport, kind: RowProblemKind, at: number | string, message: string): void {
  report.skipped++
  report.skippedByKind[kind] = (report.skippedByKind[kind] ?? 0) + 1
  if (report.problems.length < maxProblems) report.problems.push({ kind, where: typeof at === 'number' ? `${report.file}:${at}` : at, message })
}

/**
 * The key of an image a scores or submission row names, or undefined with the row skipped as `unknown-image`:
 * prediction sets score the catalog's images and never add one (test images come from the sample submission).
 */
export function scoredImage(ctx: ImportContext, report: FileImportReport, imageKey: string, line: number): number | undefined {
  const id = ctx.knownImage(imageKey)
  if (id === undefined) skipRow(report, 'unknown-image', line, `image_id ${imageKey} is not in the catalog (index its sample submission or labels first): the row is not imported`)
  return id
}

/**
 * Reads an `image_id,labels` row (tuning labels, submissions: labels space separated), or skips it
 * with the reason. Returns the image id and its codes, or null when skipped.
 */
export function imageLabelsRow(report: FileImportReport, fields: string[], count: number, line: number): { imageKey: string; codes: string[] } | null {
  const imageKey = fields[0]!
  const codes = count === 2 ? fields[1]!.split(' ').filter(Boolean) : []
  const bad = codes.find((code) => !classCodePattern.test(code))
  if (count !== 2) skipRow(report, 'column-count', line, `expected image_id,labels, found ${count} fields`)
  else if (!imageIdPattern.test(imageKey)) skipRow(report, 'bad-image-id', line, `image_id ${JSON.stringify(imageKey)} is not a hex image id`)
  else if (bad !== undefined) skipRow(report, 'bad-class-code', line, `${JSON.stringify(bad)} is not a label code`)
  else return { imageKey, codes }
  return null
}
