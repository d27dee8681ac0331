import { ApiError } from '../../../shared/errors'
import { F2Accumulator, type ClassScore } from '../../../shared/metric/f2'
import { streamCsv } from '../catalog/csv-stream'
import { ProblemLog, splitLabels, type ProblemReport } from './problem-log'
import { checkLabelsRow, readSolution } from './read-solution'

/** What `evaluateSubmission` found: the mean F2 over the solution's images and how the submission matched them. */
export interface EvaluationReport {
  meanF2: number
  /** Images of the solution: the mean is over all of them. */
  images: number
  /** Solution images with no (valid) row in the submission: scored 0. */
  missingImages: number
  /** Submission rows whose id is not in the solution: not scored. */
  ignoredIds: number
  /** Submission rows that repeat an id already seen: the first row counts. */
  repeatedRows: number
  /** Malformed rows of both files (bad id, bad code, column count), skipped; the first 20 with file:line. */
  problems: ProblemReport
  /** Sorted by support, most first; every class seen in either file. */
  perClass: ClassScore[]
  seconds: number
}

export const submissionHeader = 'image_id,labels'

/**
 * Checks that the first row of a submission is its header `image_id,labels`; throws a `bad-input`
 * error naming the file and line when it is missing or different.
 */
export function checkSubmissionHeader(file: string, fields: string[], count: number, line: number): void {
  const found = fields.slice(0, count).map((field) => field.trim()).join(',')
  if (line === 1 && found === submissionHeader) return
  const what = /^[0-9a-f]{8,}$/.test(fields[0]!) ? `found a data row (${found.slice(0, 80)}): the header is missing` : `found ${found.slice(0, 80)}`
  throw new ApiError('bad-input', `${file}:${line}: expected the header ${submissionHeader}, ${what}`, `${file}:${line}`)
}

/**
 * Scores a submission (`image_id,labels`, with header) against a solution (no header) with the
 * mean F2 of docs/formats.md. Both files are streamed; only the solution's labels are held, keyed by id.
 * Solution images missing from the submission score 0; ids the solution lacks are ignored and
 * counted; a repeated id counts once (its first row). Malformed rows are skipped and reported.
 */
export async function evaluateSubmission(truthFile: string, submissionFile: string): Promise<EvaluationReport> {
  const started = performance.now()
  const problems = new ProblemLog()
  const solution = await readSolution(truthFile, problems)
  const scored = new Uint8Array(solution.labelFields.length)
  const metric = new F2Accumulator()
  let headerSeen = false
  let ignoredIds = 0
  let repeatedRows = 0
  await streamCsv(submissionFile, {
    onRow: (fields, count, line) => {
      if (!headerSeen) {
        checkSubmissionHeader(submissionFile, fields, count, line)
        headerSeen = true
        return
      }
      const predicted = checkLabelsRow(fields, count, submissionFile, line, problems)
      if (predicted === null) return
      const at = solution.index.get(fields[0]!)
      if (at === undefined) ignoredIds++
      else if (scored[at] === 1) repeatedRows++
      else {
        scored[at] = 1
        metric.addImage(splitLabels(predicted), splitLabels(solution.labelFields[at]!))
      }
    },
    onInvalidUtf8: (line) => problems.add('invalid-utf8', submissionFile, line, 'the line is not valid UTF-8'),
  })
  if (!headerSeen) throw new ApiError('bad-input', `${submissionFile}: the file is empty; expected the header ${submissionHeader}`, submissionFile)
  let missingImages = 0
  for (let at = 0; at < scored.length; at++) {
    if (scored[at] === 1) continue
    missingImages++
    metric.addImage([], splitLabels(solution.labelFields[at]!))
  }
  const { meanF2, images, perClass } = metric.summary()
  const seconds = Math.round(performance.now() - started) / 1000
  return { meanF2, images, missingImages, ignoredIds, repeatedRows, problems: problems.report, perClass, seconds }
}
