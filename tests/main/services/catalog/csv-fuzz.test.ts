import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { streamCsv } from '../../../../src/main/services/catalog/csv-stream'
import { tempDir } from '../../../helpers/temp-dir'
import { fuzzOptions, fuzzTimeout } from '../../../helpers/fuzz'

const temp = tempDir('oiw-csv-fuzz-')
afterAll(() => temp.remove())
let n = 0
const fileWith = (content: string | Uint8Array) => {
  const file = join(temp.dir, `f${n++}.csv`)
  writeFileSync(file, content)
  return file
}

/** RFC 4180 as a spreadsheet writes it: a field is quoted when it holds a comma or a quote, quotes doubled. */
const encodeField = (field: string, quoteAnyway: boolean) => (quoteAnyway || /[",]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)

/**
 * Any text of one line: every code point but the two line ends (the reader's quoted fields hold no
 * newline) and U+FEFF (a file that starts with one starts with a byte-order mark, which is dropped).
 */
const lineText = fc.string({ unit: 'binary', maxLength: 12 }).map((text) => text.replace(/[\r\n\ufeff]/g, ' '))

/** Lines of `p` that fill about `bytes` bytes with their newlines. */
function fillerLines(bytes: number): string[] {
  const lines: string[] = new Array(Math.floor(bytes / 100)).fill('p'.repeat(99))
  if (bytes % 100 > 0) lines.push('p'.repeat((bytes % 100) - 1))
  return lines
}

describe('the CSV reader, fuzzed (fast-check)', () => {
  it('reads back every field of every row a spreadsheet would write, whatever the text, quoting and line ends', async () => {
    const row = fc.array(fc.tuple(lineText, fc.boolean()), { minLength: 1, maxLength: 6 })
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean(), fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat(300) }), async (rows, eol, bom, lastEol, pad) => {
        // With `pad`, filler lines first, so the 1 MiB chunk boundary falls within the first rows drawn.
        const filler = pad === null ? [] : fillerLines((1 << 20) - pad)
        const lines = [...filler, ...rows.map((fields) => fields.map(([text, quote]) => encodeField(text, quote)).join(','))]
        const file = fileWith(`${bom ? '\ufeff' : ''}${lines.join(eol)}${lastEol ? eol : ''}`)
        const read: Array<[number, string[]]> = []
        await streamCsv(file, { onRow: (fields, count, line) => void read.push([line, fields.slice(0, count)]) })
        // a line that is empty is no row; a lone surrogate was written (and is read) as U+FFFD
        const expected = [...filler.map((text) => [text]), ...rows.map((fields) => fields.map(([text]) => Buffer.from(text).toString()))]
          .map((fields, i): [number, string[]] => [i + 1, fields])
          .filter((_, i) => lines[i] !== '')
        expect(read).toEqual(expected)
      }),
      fuzzOptions(),
    )
  }, fuzzTimeout())

  it('survives any bytes: each line is a row or a line that is not UTF-8, once, in order', async () => {
    const bytes = fc.uint8Array({ maxLength: 400 }).chain((random) =>
      // newlines made likely, so there are many lines
      fc.array(fc.nat(random.length), { maxLength: 20 }).map((cuts) => {
        for (const at of cuts) if (at < random.length) random[at] = 0x0a
        return random
      }),
    )
    await fc.assert(
      fc.asyncProperty(bytes, async (content) => {
        const file = fileWith(content)
        const seen: number[] = []
        const lines = await streamCsv(file, { onRow: (_fields, _count, line) => void seen.push(line), onInvalidUtf8: (line) => void seen.push(line) })
        const newlines = content.filter((b) => b === 0x0a).length
        expect(lines).toBeLessThanOrEqual(newlines + 1)
        for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!)
        if (seen.length > 0) expect(seen.at(-1)).toBeLessThanOrEqual(newlines + 1)
      }),
      fuzzOptions(),
    )
  }, fuzzTimeout())
})
