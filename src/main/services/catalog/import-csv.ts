import { statSync } from 'node:fs'
import type { FileImportReport } from '../../../shared/api/index'
import { ApiError } from '../../../shared/errors'
import { notUtf8Csv } from './csv-encoding'
import { headerProblem } from './csv-header'
import { streamCsv, type CsvRowHandler } from './csv-stream'
import { skipRow } from './import-context'

/** Told as a file is read: bytes consumed and rows stored so far. May pause (await) to let others run, or throw to cancel. */
export type ImportTick = (bytesRead: number, totalBytes: number, rows: number) => void | Promise<void>

/**
 * Runs one CSV file through `onRow`, checking its header first when it has one: a wrong or missing
 * header is a `bad-input` error naming the file and the columns that differ; so is a file that is not
 * UTF-8 text (UTF-16, an archive, an image: said by its first bytes). Lines that are not UTF-8
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
  const notCsv = notUtf8Csv(file)
  if (notCsv) throw new ApiError('bad-input', `${report.file}: not a UTF-8 CSV: it looks like ${notCsv}; save it as UTF-8 CSV`, report.file)
  let headerSeen = header === null
  await streamCsv(file, {
    onRow: (fields, count, line) => {
      if (headerSeen) return onRow(fields, count, line)
      // The header is the first line that is not blank (blank lines are skipped everywhere).
      const found = fields.slice(0, count).map((f) => f.trim())
      if (found.every((field) => field === '')) return
      headerSeen = true
      if (found.join(',') !== header!.join(',')) throw new ApiError('bad-input', `${report.file}: ${headerProblem(header!, found)}`, `${report.file}:${line}`)
    },
    onInvalidUtf8: (line) => skipRow(report, 'invalid-utf8', line, 'the line is not valid UTF-8'),
    onChunk: (bytesRead) => {
      report.bytes = bytesRead
      return tick(bytesRead, totalBytes, report.rows)
    },
  })
  if (!headerSeen) throw new ApiError('bad-input', `${report.file}: the file is empty; expected the header ${header!.join(',')}`, report.file)
}
