import type { FileImportReport } from '../../../shared/api/index'
import { ApiError } from '../../../shared/errors'
import type { Db } from '../../db/connection'
import { storedRows } from '../../db/queries/stored-rows'
import type { IndexSource } from './index-plan'

/** What a kind's rows are called in a refusal: [one, many]. */
const nouns: Record<string, [string, string]> = {
  'human-labels': ['human label', 'human labels'],
  'machine-labels': ['machine label', 'machine labels'],
  'tuning-labels': ['tuning image', 'tuning images'],
  boxes: ['box', 'boxes'],
  'boxable-classes': ['boxable class', 'boxable classes'],
  'trainable-classes': ['trainable class', 'trainable classes'],
  hierarchy: ['hierarchy edge', 'hierarchy edges'],
  scores: ['score', 'scores'],
  submission: ['image', 'images'],
  'sample-submission': ['test id', 'test ids'],
}

/** The file of a refused import would have left none, or fewer than half, of the rows its kind has stored. */
export class ReplaceRefusedError extends ApiError {
  constructor(
    message: string,
    file: string,
    /** Rows of the kind stored before the import. */
    readonly stored: number,
    /** Rows the import would have left. */
    readonly left: number,
  ) {
    super('replace-refused', message, file)
    this.name = 'ReplaceRefusedError'
  }
}

function refusal(source: IndexSource, report: FileImportReport, before: number, after: number): ReplaceRefusedError {
  const [one, many] = nouns[source.kind] ?? ['row', 'rows']
  const n = (count: number) => count.toLocaleString('en-US')
  const rows = (count: number) => `${n(count)} ${count === 1 ? one : many}${source.setName === undefined ? '' : ` of prediction set ${JSON.stringify(source.setName)}`}`
  const repeats = report.duplicates?.count ?? 0
  const valid = report.rows + repeats
  const why = [
    report.skipped > 0 ? `${n(report.skipped)} skipped: ${Object.entries(report.skippedByKind).map(([kind, count]) => `${kind} ${n(count)}`).join(', ')}` : '',
    repeats > 0 ? `${n(repeats)} repeating an earlier row` : '',
  ].filter(Boolean)
  const found = `${n(valid)} valid ${valid === 1 ? 'row' : 'rows'}${why.length > 0 ? ` (${why.join('; ')})` : ''}`
  const effect = after === 0 && valid === 0 ? `would replace the ${rows(before)} stored` : `would leave ${rows(after)} where ${n(before)} are stored (fewer than half)`
  return new ReplaceRefusedError(
    `${report.file} (${source.kind}): ${found} ${effect}; nothing was changed. To replace them anyway, index it with --replace-with-empty`,
    source.file,
    before,
    after,
  )
}

/**
 * The one check, for every file kind, that an import does not lose what it replaces by mistake (a
 * file given as the wrong kind, every row skipped; a header-only or truncated file): counts the
 * kind's stored rows before the import, and returns the check to run after it, before the commit.
 * The check throws a ReplaceRefusedError, so the import rolls back, when the import would leave none
 * of them or fewer than half. `replaceWithEmpty` (`oiw index --replace-with-empty`) lets it through;
 * so does a kind with nothing stored (a first import), and the kinds that only add.
 */
export function guardReplace(db: Db, source: IndexSource | null, replaceWithEmpty: boolean): (report: FileImportReport) => void {
  if (source === null || replaceWithEmpty) return () => {}
  const before = storedRows(db, source.kind, source.setName, source.file)
  if (!before) return () => {}
  return (report) => {
    const after = storedRows(db, source.kind, source.setName, source.file) ?? 0
    if (after * 2 < before) throw refusal(source, report, before, after)
  }
}
