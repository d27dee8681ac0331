import type { Statement } from 'better-sqlite3'
import type { Db } from './connection'

const rowsPerStatement = 256

/**
 * Inserts rows many at a time: one multi-row INSERT per 256 rows, bound from one reused array, so a
 * row costs a few array stores instead of a call into SQLite (about twice as fast as one `run` per
 * row in bulk loads).
 */
export class BatchInsert {
  private readonly many: Statement
  private readonly one: Statement
  private readonly width: number
  private readonly values: unknown[]
  private filled = 0

  constructor(db: Db, table: string, columns: readonly string[], verb: 'INSERT' | 'INSERT OR REPLACE' | 'INSERT OR IGNORE' = 'INSERT') {
    this.width = columns.length
    const tuple = `(${columns.map(() => '?').join(',')})`
    const head = `${verb} INTO ${table} (${columns.join(',')}) VALUES `
    this.many = db.prepare(head + Array(rowsPerStatement).fill(tuple).join(','))
    this.one = db.prepare(head + tuple)
    this.values = new Array(rowsPerStatement * this.width).fill(null)
  }

  /** Queues one row; its values in the order of `columns`. */
  add(...row: unknown[]): void {
    this.addRow(row)
  }

  /** Queues one row from an array the caller may reuse. */
  addRow(row: ArrayLike<unknown>): void {
    const values = this.values
    for (let i = 0; i < row.length; i++) values[this.filled++] = row[i]
    if (this.filled === values.length) {
      this.many.run(values)
      this.filled = 0
    }
  }

  /** Writes what is queued; call before reading the table or committing. */
  flush(): void {
    for (let at = 0; at < this.filled; at += this.width) this.one.run(this.values.slice(at, at + this.width))
    this.filled = 0
  }
}
