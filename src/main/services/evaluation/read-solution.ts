import { ApiError } from '../../../shared/errors'
import { classCodePattern, imageIdPattern } from '../../../shared/ids'
import { streamCsv } from '../catalog/csv-stream'
import { splitLabels, type ProblemLog } from './problem-log'

/** The true labels of a solution file, keyed by image id: `labelFields[index.get(id)]`, space separated as in the file. */
export interface Solution {
  index: Map<string, number>
  labelFields: string[]
}

const headerNames = new Set(['image_id', 'imageid', 'id'])

/** A labels field of space-separated codes (or empty), checked with one regex instead of a split: the hot path. */
const labelsFieldPattern = /^ *(?:\/[mg]\/[0-9a-z_]+(?: +|$))*$/

/**
 * Checks an `image_id,labels` row: two fields, a hex image id, label codes. Logs what is wrong and
 * returns null, or returns the labels field as it is (repeats kept; the metric counts them once).
 */
export function checkLabelsRow(fields: string[], count: number, file: string, line: number, problems: ProblemLog): string | null {
  if (count !== 2) problems.add('column-count', file, line, `expected image_id,labels, found ${count} fields`)
  else if (!imageIdPattern.test(fields[0]!)) problems.add('bad-image-id', file, line, `image_id ${JSON.stringify(fields[0]!.slice(0, 40))} is not a hex image id`)
  else if (labelsFieldPattern.test(fields[1]!)) return fields[1]!
  else {
    const bad = splitLabels(fields[1]!).find((label) => !classCodePattern.test(label)) ?? fields[1]!
    problems.add('bad-class-code', file, line, `${JSON.stringify(bad.slice(0, 40))} is not a label code`)
  }
  return null
}

/**
 * Streams a solution file (`image_id,"code code"`, no header, like tuning_labels.csv) into memory,
 * keyed by id — the one thing an evaluation has to hold. A header line is a `bad-input` error naming
 * the file and line; malformed rows and repeated ids (the first row counts) go to `problems`.
 */
export async function readSolution(file: string, problems: ProblemLog): Promise<Solution> {
  const index = new Map<string, number>()
  const labelFields: string[] = []
  await streamCsv(file, {
    onRow: (fields, count, line) => {
      if (line === 1 && headerNames.has(fields[0]!.trim().toLowerCase())) {
        throw new ApiError('bad-input', `${file}:1: a solution file has no header (like tuning_labels.csv), found ${fields.slice(0, count).join(',').slice(0, 80)}`, `${file}:1`)
      }
      const row = checkLabelsRow(fields, count, file, line, problems)
      if (row === null) return
      if (index.has(fields[0]!)) return problems.add('repeated-id', file, line, `image ${fields[0]} is listed again; the first row counts`)
      index.set(fields[0]!, labelFields.length)
      labelFields.push(row)
    },
    onInvalidUtf8: (line) => problems.add('invalid-utf8', file, line, 'the line is not valid UTF-8'),
  })
  return { index, labelFields }
}
