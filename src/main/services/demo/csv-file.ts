import { createWriteStream, type WriteStream } from 'node:fs'
import { once } from 'node:events'
import { finished } from 'node:stream/promises'

/** One CSV field as docs/formats.md wants it: quoted only when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/** One CSV line, newline included. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\n`
}

/**
 * A CSV file written row by row with back-pressure, so the demo never builds the whole file in memory.
 * Truncates an existing file. Counts the data rows (the header is not a row).
 */
export class CsvFile {
  private readonly stream: WriteStream
  private failure: Error | null = null
  private closing: Promise<void> | null = null
  rows = 0

  constructor(path: string, header?: readonly string[]) {
    this.stream = createWriteStream(path, { encoding: 'utf8', flags: 'w' })
    this.stream.on('error', (error) => {
      this.failure ??= error
    })
    if (header) this.stream.write(csvLine(header))
  }

  /** Appends one row; resolves at once unless the stream's buffer is full. */
  async write(fields: readonly string[]): Promise<void> {
    if (this.failure) throw this.failure
    this.rows++
    if (!this.stream.write(csvLine(fields))) await once(this.stream, 'drain')
  }

  /** Flushes and closes; rejects with the first write error, if any. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.finish()
    return this.closing
  }

  private async finish(): Promise<void> {
    this.stream.end()
    await finished(this.stream).catch((error: unknown) => {
      this.failure ??= error instanceof Error ? error : new Error(String(error))
    })
    if (this.failure) throw this.failure
  }
}

/** Runs `work`, then closes the files; on failure closes them quietly and rethrows the first error. */
export async function closeAfter<T>(files: readonly CsvFile[], work: () => Promise<T>): Promise<T> {
  let result: T
  try {
    result = await work()
  } catch (error) {
    await Promise.allSettled(files.map((file) => file.close()))
    throw error
  }
  await Promise.all(files.map((file) => file.close()))
  return result
}
