import type { EditReceipt } from '../../../shared/api/index'
import { ApiError } from '../../../shared/errors'
import type { Db } from '../../db/connection'
import { answeredRequest, appendEdit, recordRequest, type NewEdit } from '../../db/queries/annotate/edit-log'
import { applyShareChange, imageShare, type ImageShare } from '../../db/queries/annotate/image-stats'
import { statement } from '../../db/statements'

/** What one edit request writes through: the history, and the images whose aggregates must move. */
export class EditContext {
  readonly editIds: number[] = []
  boxId: number | null = null
  private readonly before = new Map<number, ImageShare>()
  private readonly at = new Date().toISOString()

  constructor(
    readonly db: Db,
    private readonly author: string,
  ) {}

  /** Call before changing an image's labels or boxes: takes its share of the aggregates as it was. */
  touch(imageRowId: number): void {
    if (!this.before.has(imageRowId)) this.before.set(imageRowId, imageShare(this.db, imageRowId))
  }

  append(edit: NewEdit): number {
    const id = appendEdit(this.db, this.at, this.author, edit)
    this.editIds.push(id)
    return id
  }

  /** Moves the aggregates by the touched images' change; returns the receipt. */
  finish(): EditReceipt {
    const images = [...this.before.keys()]
    applyShareChange(this.db, [...this.before.values()], images.map((id) => imageShare(this.db, id)))
    const keys = images.length === 0 ? [] : (this.db.prepare(`SELECT image_key FROM images WHERE id IN (${images.join(',')}) ORDER BY id`).pluck().all() as string[])
    return { editIds: this.editIds, imageIds: keys, boxId: this.boxId }
  }
}

/**
 * Runs one edit request: once (a repeated request id gets its first receipt back), in one IMMEDIATE
 * transaction committed with synchronous=FULL, so the answer is only sent once the edit is on disk;
 * any error rolls everything back and nothing is written.
 */
export function commitEdits(db: Db, requestId: string, author: string, work: (ctx: EditContext) => void): { receipt: EditReceipt; fresh: boolean } {
  const earlier = answeredRequest(db, requestId)
  if (earlier) return { receipt: earlier, fresh: false }
  db.pragma('synchronous = FULL')
  try {
    return runOnce()
  } catch (error) {
    // Another process (an index run) holds the write lock past busy_timeout: say so, nothing was written.
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new ApiError('busy', 'the catalog is busy (an index run is writing it); nothing was written: try the edit again when it ends')
    throw error
  } finally {
    db.pragma('synchronous = NORMAL')
  }

  function runOnce(): { receipt: EditReceipt; fresh: boolean } {
    return db.transaction(() => {
      const again = answeredRequest(db, requestId)
      if (again) return { receipt: again, fresh: false }
      const ctx = new EditContext(db, author)
      work(ctx)
      const receipt = ctx.finish()
      recordRequest(db, requestId, receipt)
      return { receipt, fresh: true }
    }).immediate()
  }
}

/** The integer key of an image, or `not-found` naming where it was given. */
export function imageRowId(db: Db, imageKey: string, where: string): number {
  const id = statement(db, 'SELECT id FROM images WHERE image_key = ?').pluck().get(imageKey) as number | undefined
  if (id === undefined) throw new ApiError('not-found', `no image ${imageKey} in the catalog`, where)
  return id
}

/** The id of a class, or `bad-input` for a code the catalog does not know. */
export function classIdOf(db: Db, code: string, where: string): number {
  const id = statement(db, 'SELECT id FROM classes WHERE code = ?').pluck().get(code) as number | undefined
  if (id === undefined) throw new ApiError('bad-input', `unknown class ${code}: it is not in the catalog's class list`, where)
  return id
}
