/** One bad row or rule broken, with where it is (`file:line`). */
export interface RowProblem {
  kind: string
  where: string
  message: string
}

/** Problems counted by kind, with the first few of them kept to show. */
export interface ProblemReport {
  total: number
  byKind: Record<string, number>
  /** The first 20 problems (or the first 20 of each kind, for a log made with `perKind`). */
  examples: RowProblem[]
}

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
