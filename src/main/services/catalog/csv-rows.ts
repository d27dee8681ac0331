import { createReadStream } from 'node:fs'
import { basename } from 'node:path'
import { parse } from 'csv-parse'
import { ApiError } from '../../../shared/errors'

export interface CsvRow {
  fields: string[]
  /** 1-based line in the file, for error messages. */
  line: number
}

/**
 * Streams a CSV file row by row (csv-parse handles quoting; the file is never read whole).
 * With `header`, the first row must equal it exactly, else a `bad-input` error names the file and
 * the expected columns.
 */
export async function* readCsvRows(file: string, header: readonly string[] | null): AsyncGenerator<CsvRow> {
  const parser = createReadStream(file).pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }),
  )
  let first = true
  for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (first && header) {
      first = false
      const got = record.record.map((f) => f.trim())
      if (got.join(',') !== header.join(',')) {
        throw new ApiError(
          'bad-input',
          `${basename(file)}: expected the header ${header.join(',')} but found ${got.join(',').slice(0, 200)}`,
          `${basename(file)}:1`,
        )
      }
      continue
    }
    first = false
    yield { fields: record.record, line: record.info.lines }
  }
}
