import type { Statement } from 'better-sqlite3'
import type { Db } from '../../db/connection'

export interface RowProblem {
  where: string
  message: string
}

/** What one file's import did: rows stored, rows skipped, the first problems with file:line. */
export interface FileReport {
  file: string
  rows: number
  skipped: number
  problems: RowProblem[]
}

const maxProblems = 20

/**
 * Caches class and image keys for one indexing run so each row costs one insert, not lookups.
 * Unknown class codes become classes flagged `described = 0`; unknown image ids become images with no file.
 */
export class ImportContext {
  private readonly classIds = new Map<string, number>()
  private readonly imageIds = new Map<string, number>()
  private readonly insertClass: Statement
  private readonly insertImage: Statement

  constructor(readonly db: Db) {
    for (const row of db.prepare('SELECT id, code FROM classes').iterate() as Iterable<{ id: number; code: string }>) {
      this.classIds.set(row.code, row.id)
    }
    for (const row of db.prepare('SELECT id, image_key AS key FROM images').iterate() as Iterable<{ id: number; key: string }>) {
      this.imageIds.set(row.key, row.id)
    }
    this.insertClass = db.prepare('INSERT INTO classes (code) VALUES (?)')
    this.insertImage = db.prepare('INSERT INTO images (image_key, split, path) VALUES (?, ?, ?)')
  }

  classId(code: string): number {
    let id = this.classIds.get(code)
    if (id === undefined) {
      id = Number(this.insertClass.run(code).lastInsertRowid)
      this.classIds.set(code, id)
    }
    return id
  }

  imageId(key: string, split: string, path: string | null = null): number {
    let id = this.imageIds.get(key)
    if (id === undefined) {
      id = Number(this.insertImage.run(key, split, path).lastInsertRowid)
      this.imageIds.set(key, id)
    }
    return id
  }

  hasImage(key: string): boolean {
    return this.imageIds.has(key)
  }

  newReport(file: string): FileReport {
    return { file, rows: 0, skipped: 0, problems: [] }
  }

  skip(report: FileReport, line: number, message: string): void {
    report.skipped++
    if (report.problems.length < maxProblems) report.problems.push({ where: `${report.file}:${line}`, message })
  }
}
