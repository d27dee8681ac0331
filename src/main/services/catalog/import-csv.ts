import { statSync } from 'node:fs'
import type { FileImportReport } from '../../../shared/api/index'
import { ApiError } from '../../../shared/errors'
import { streamCsv, type CsvRowHandler } from './csv-stream'
import { skipRow } from './import-context'

/** Told as a file is read: bytes consumed and rows stored so far. May pause (await) to let others run, or throw to cancel. */
export type ImportTick = (bytesRead: number, totalBytes: number, rows: number) => void | Promise<void>

/**
 * Runs one CSV file through `onRow`, checking its header first when it has one: a wrong or missing
 * header is a `bad-input` error naming the file and the expected columns. Lines that are not UTF-8
 * are skipped and counted. Fills the report's bytes.
 */
export async function importCsv(
  file: string,
  header: readonly string[] | null,
  report: FileImportReport,
  tick: ImportTick,
  onRow: CsvRowHandler,
): Promise<void> {
  const totalBytes = statSync(file).size
  let headerSeen = header === null
  await streamCsv(file, {
    onRow: (fields, count, line) => {
      if (headerSeen) return onRow(fields, count, line)
      headerSeen = true
      const found = fields.slice(0, count).map((f) => f.trim()).join(',')
      if (line !== 1 || found !== header!.join(',')) {
        const what = header!.includes(fields[0] ?? '') || line !== 1 ? `found ${found.slice(0, 200)}` : `found a data row (${found.slice(0, 80)}): the header is missing`
        throw new ApiError('bad-input', `${report.file}: expected the header ${header!.join(',')}, ${what}`, `${report.file}:${line}`)
      }
    },
    onInvalidUtf8: (line) => skipRow(report, 'invalid-utf8', line, 'the line is not valid UTF-8'),
    onChunk: (bytesRead) => {
      report.bytes = bytesRead
      return tick(bytesRead, totalBytes, report.rows)
    },
  })
  if (!headerSeen) throw new ApiError('bad-input', `${report.file}: the file is empty; expected the header ${header!.join(',')}`, report.file)
}
