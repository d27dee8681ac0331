import type { DuplicateRows, FileImportReport } from '../../../shared/api/index'

const maxExamples = 20

/** Starts a file's count of repeated rows: `key` in the file's column names, `kept` the rule of its kind. */
export function trackDuplicates(report: FileImportReport, key: string, kept: DuplicateRows['kept']): DuplicateRows {
  report.duplicates = { count: 0, key, kept, examples: [] }
  return report.duplicates
}

/** Counts one repeated row, and keeps it as an example while fewer than 20 are kept. `message` is only called then. */
export function noteDuplicate(report: FileImportReport, line: number, message: () => string): void {
  const duplicates = report.duplicates!
  duplicates.count++
  if (duplicates.examples.length < maxExamples) duplicates.examples.push({ where: `${report.file}:${line}`, message: message() })
}

/**
 * Finds the rows that repeat an (image, key) pair of an earlier row, for a file with one stored row
 * per pair (labels, scores) and tens of millions of rows: it holds only the keys of the image being
 * read, so it sees every repeat when each image's rows come together, as in the files Google ships
 * and the ones oiw writes. When an image's rows resume after another image's (`grouped` false), the
 * repeats across the gap are not seen: `settle` then takes the exact count from what was stored.
 */
export class RepeatedPairs {
  /** Line and value of the row of each key of the current image whose value the catalog keeps. */
  private readonly slots = new Map<number, number>()
  private readonly lines: number[] = []
  private readonly values: number[] = []
  private image = -1
  /** Images whose rows ended: another image's came after them. */
  private ended = new Uint8Array(1 << 16)
  private grouped = true
  /** After `repeats` returned true: the line and value of the row repeated. */
  earlierLine = 0
  earlierValue = 0

  /** `key` names the pair in the file's columns; `kept` is whose value the catalog keeps, the first row's or the last's. */
  constructor(
    private readonly report: FileImportReport,
    key: string,
    private readonly kept: 'first' | 'last',
  ) {
    trackDuplicates(report, key, kept)
  }

  /**
   * True when the row repeats the pair of an earlier row: then `earlierLine` and `earlierValue` name
   * that row, and the caller counts it with `note`. Called for every valid row, so it allocates nothing.
   */
  repeats(image: number, key: number, line: number, value: number): boolean {
    if (image !== this.image) this.enter(image)
    const slot = this.slots.get(key)
    if (slot === undefined) {
      this.slots.set(key, this.lines.length)
      this.lines.push(line)
      this.values.push(value)
      return false
    }
    this.earlierLine = this.lines[slot]!
    this.earlierValue = this.values[slot]!
    if (this.kept === 'last') {
      this.lines[slot] = line
      this.values[slot] = value
    }
    return true
  }

  /** Counts the repeat `repeats` just found; `field` names the value, `pair` gives the key's fields for its example. */
  note(line: number, value: number, field: string, pair: () => string): void {
    const { earlierLine, earlierValue } = this
    noteDuplicate(this.report, line, () => {
      const [keptValue, keptLine, dropped, droppedLine] = this.kept === 'last' ? [value, line, earlierValue, earlierLine] : [earlierValue, earlierLine, value, line]
      return `repeats line ${earlierLine} (${pair()}): ${field} ${keptValue} of line ${keptLine} kept, ${dropped} of line ${droppedLine} dropped`
    })
  }

  /**
   * After the last row, with the rows now stored: when the file was not grouped by image, the repeats
   * are the valid rows less the rows stored (`storedRows`, counted only then), and `rows` is those.
   */
  settle(storedRows: () => number): void {
    if (this.grouped) return
    const valid = this.report.rows + this.report.duplicates!.count
    this.report.rows = storedRows()
    this.report.duplicates!.count = valid - this.report.rows
  }

  private enter(image: number): void {
    if (this.image >= 0) this.mark(this.image)
    if (this.grouped && image < this.ended.length && this.ended[image] === 1) this.grouped = false
    this.image = image
    this.slots.clear()
    this.lines.length = 0
    this.values.length = 0
  }

  private mark(image: number): void {
    if (image >= this.ended.length) {
      const grown = new Uint8Array(Math.max(image + 1, this.ended.length * 2))
      grown.set(this.ended)
      this.ended = grown
    }
    this.ended[image] = 1
  }
}
