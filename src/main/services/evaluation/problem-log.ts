import type { ProblemReport } from '../../../shared/api/evaluation'

/** The report types live in the API contract: the Errors page shows them too. */
export type { ProblemReport, SubmissionProblem } from '../../../shared/api/evaluation'

export const maxExamples = 20

/**
 * Counts problems by kind and keeps the first 20 with file:line, overall or per kind. For input that
 * is reported on, not rejected: one bad row out of a million must not hide the rest.
 */
export class ProblemLog {
  readonly report: ProblemReport = { total: 0, byKind: {}, examples: [] }

  constructor(private readonly perKind = false) {}

  add(kind: string, file: string, line: number | null, message: string): void {
    const seen = this.report.byKind[kind] ?? 0
    this.report.byKind[kind] = seen + 1
    this.report.total++
    const room = this.perKind ? seen < maxExamples : this.report.examples.length < maxExamples
    if (room) this.report.examples.push({ kind, where: line === null ? file : `${file}:${line}`, message })
  }
}

/** The labels of a submission or solution field: space separated, empty pieces (doubled spaces) dropped. */
export function splitLabels(field: string): string[] {
  return field === '' ? [] : field.split(' ').filter((label) => label !== '')
}
