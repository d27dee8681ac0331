import { classCodePattern, imageIdPattern } from '../../../shared/ids'
import { streamCsv } from '../catalog/csv-stream'
import { submissionHeader } from './evaluate-submission'
import type { ValidationReport } from '../../../shared/api/evaluation'
import { ProblemLog, splitLabels } from './problem-log'

export type { ValidationReport } from '../../../shared/api/evaluation'

/** What `validateSubmission` checks against, besides the format itself. */
export interface ValidateOptions {
  /** A sample submission: every one of its ids must appear exactly once, and no other id. */
  sample?: string
  /** class-descriptions.csv (no header) or classes-trainable.csv (header `label_code`): the known codes. */
  classes?: string
}

/** The ids of a sample submission (header `image_id,labels`), each with its line. */
async function readSampleIds(file: string): Promise<Map<string, number>> {
  const ids = new Map<string, number>()
  await streamCsv(file, {
    onRow: (fields, _count, line) => {
      if (line === 1 && fields[0] === 'image_id') return
      if (!ids.has(fields[0]!)) ids.set(fields[0]!, line)
    },
  })
  return ids
}

/** The known codes of class-descriptions.csv (no header) or classes-trainable.csv (header `label_code`), told apart by the first line. */
export async function readKnownCodes(file: string): Promise<{ codes: Set<string>; format: 'class-descriptions' | 'classes-trainable' }> {
  const codes = new Set<string>()
  let format: 'class-descriptions' | 'classes-trainable' = 'class-descriptions'
  await streamCsv(file, {
    onRow: (fields, count, line) => {
      if (line === 1 && (count === 1 || fields[0]!.trim() === 'label_code')) format = 'classes-trainable'
      if (classCodePattern.test(fields[0]!.trim())) codes.add(fields[0]!.trim())
    },
  })
  return { codes, format }
}

/**
 * Checks a submission against the Kaggle rules: the header `image_id,labels`; two fields a row, a hex
 * image id, space-separated label codes (an empty field is allowed); each id once; with a sample,
 * exactly the sample's ids; with a classes file, only known codes. A label repeated within a row is
 * a warning. Streams the submission; holds the sample's ids and the known codes.
 */
export async function validateSubmission(file: string, options: ValidateOptions = {}): Promise<ValidationReport> {
  const sample = options.sample === undefined ? null : await readSampleIds(options.sample)
  const known = options.classes === undefined ? null : await readKnownCodes(options.classes)
  const problems = new ProblemLog(true)
  const warnings = new ProblemLog(true)
  const seen = new Map<string, number>()
  let rows = 0
  let headerChecked = false
  await streamCsv(file, {
    onRow: (fields, count, line) => {
      if (!headerChecked) {
        headerChecked = true
        if (line === 1 && fields.slice(0, count).join(',') === submissionHeader) return
        const found = fields.slice(0, count).join(',').slice(0, 80)
        problems.add('bad-header', file, line, `expected the header ${submissionHeader} on line 1, found ${found}`)
        if (!imageIdPattern.test(fields[0]!)) return
      }
      rows++
      if (count !== 2) return problems.add('column-count', file, line, `expected image_id,labels, found ${count} fields`)
      const id = fields[0]!
      if (!imageIdPattern.test(id)) return problems.add('bad-image-id', file, line, `image_id ${JSON.stringify(id.slice(0, 40))} is not a hex image id`)
      const first = seen.get(id)
      if (first !== undefined) problems.add('duplicate-id', file, line, `image ${id} is already on line ${first}`)
      else {
        seen.set(id, line)
        if (sample !== null && !sample.has(id)) problems.add('unknown-id', file, line, `image ${id} is not in the sample submission`)
      }
      checkLabels(fields[1]!, file, line, known?.codes ?? null, problems, warnings)
    },
    onInvalidUtf8: (line) => problems.add('invalid-utf8', file, line, 'the line is not valid UTF-8'),
  })
  if (!headerChecked) problems.add('bad-header', file, null, `the file is empty; expected the header ${submissionHeader}`)
  if (sample !== null) {
    for (const [id, line] of sample) if (!seen.has(id)) problems.add('missing-id', options.sample!, line, `image ${id} of the sample submission has no row`)
  }
  const report: ValidationReport = { file, valid: problems.report.total === 0, rows, problems: problems.report, warnings: warnings.report }
  if (known !== null) report.classes = { count: known.codes.size, format: known.format }
  if (sample !== null) report.sampleIds = sample.size
  return report
}

function checkLabels(field: string, file: string, line: number, known: Set<string> | null, problems: ProblemLog, warnings: ProblemLog): void {
  const labels = splitLabels(field)
  if (labels.length > 0 && labels.join(' ') !== field) warnings.add('extra-spaces', file, line, 'labels are separated by more than one space, or padded')
  const unique = new Set<string>()
  for (const label of labels) {
    if (!classCodePattern.test(label)) problems.add('bad-class-code', file, line, `${JSON.stringify(label.slice(0, 40))} is not a label code (labels are separated by single spaces)`)
    else if (known !== null && !known.has(label)) problems.add('unknown-class', file, line, `${label} is not a known class`)
    if (unique.has(label)) warnings.add('duplicate-label', file, line, `${label} is listed twice in the row`)
    unique.add(label)
  }
}
