import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { openCatalog } from '../../../../src/main/db/connection'
import { planIndex } from '../../../../src/main/services/catalog/index-plan'
import { runIndex } from '../../../../src/main/services/catalog/run-index'
import { ApiError } from '../../../../src/shared/errors'
import { labelSourceId } from '../../../../src/shared/labels'
import { fuzzOptions, fuzzTimeout } from '../../../helpers/fuzz'
import { tempDir } from '../../../helpers/temp-dir'

/**
 * Each file kind's row parser, fuzzed: files of rows that are valid, or valid but for one field set to a
 * value the format forbids, or junk, with any quoting and line ends. The invariants: the import never
 * fails on a row (only a whole file is refused, with a named error, changing nothing); every valid row
 * is stored and every other is skipped and counted; the catalog's counts change by what the valid
 * rows bring and nothing else.
 */

const temp = tempDir('oiw-import-fuzz-')
afterAll(() => temp.remove())
let n = 0

const hex = (i: number, length: number) => i.toString(16).padStart(length, '0')
/** Pre-indexed images (the scores rows name these: scores never create images). */
const knownImages = Array.from({ length: 40 }, (_, i) => hex(0xaaa000 + i, 16))

const code = fc.stringMatching(/^\/[mg]\/0[0-9a-z_]{1,6}$/)
const unit = fc.double({ min: 0, max: 1, noNaN: true }).map((x) => String(x))
const flag = fc.constantFrom('1', '0', '-1')
/** Values no numeric field may hold. */
const badNumber = fc.constantFrom('', ' ', ' 1', '0x1', '0b1', 'NaN', 'Infinity', '1,0', 'one', '1e999', '\u0661', '--1', '.')
const badImageId = fc.constantFrom('', 'AAAAAAAAAAAAAAAA', 'aaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaaa', 'gggggggggggggggg', ' aaaaaaaaaaaaaaaa', '../../etc/passwd')
const badCode = fc.constantFrom('', '/m/', 'm/01g317', '/M/01g317', '/m/01g317 ', '/x/01g317', '/m/01-g', 'Person')

interface FieldRule {
  valid: fc.Arbitrary<string>
  bad: fc.Arbitrary<string>
}
interface KindRule {
  kind: string
  file: string
  header: string | null
  /** The image id field, filled with a new id per valid row (so rows never repeat a key), or null. */
  imageField: number | null
  fields: FieldRule[]
  /** Extra checks on the row as a whole (box corners): a valid-field row they refuse is bad. */
  wholeRow?: (fields: string[]) => boolean
  /** The rows of this kind stored in the catalog: one per valid row. */
  stored: string
  /** The file that gives the catalog its images first: of another kind, so this file replaces none of it. */
  seedKind: 'human-labels' | 'machine-labels'
}

const imageField = (length: 16 | 24): FieldRule => ({ valid: fc.constant(''.padEnd(length, 'x')), bad: badImageId })
const kinds: KindRule[] = [
  {
    kind: 'human-labels',
    file: 'train_human_labels.csv',
    header: 'ImageID,Source,LabelName,Confidence',
    imageField: 0,
    fields: [imageField(16), { valid: fc.constantFrom('verification', 'crowdsource-verification'), bad: fc.constantFrom('', 'machine', 'Verification', 'human') }, { valid: code, bad: badCode }, { valid: fc.constantFrom('0', '1', '1.0', '0.000'), bad: fc.oneof(badNumber, fc.constantFrom('0.5', '2', '-1')) }],
    stored: `SELECT count(*) FROM labels WHERE source IN (${labelSourceId('verification')}, ${labelSourceId('crowdsource-verification')})`,
    seedKind: 'machine-labels',
  },
  {
    kind: 'machine-labels',
    file: 'train_machine_labels.csv',
    header: 'ImageID,Source,LabelName,Confidence',
    imageField: 0,
    fields: [imageField(16), { valid: fc.constant('machine'), bad: fc.constantFrom('', 'verification', 'Machine') }, { valid: code, bad: badCode }, { valid: unit, bad: fc.oneof(badNumber, fc.constantFrom('1.5', '-0.1')) }],
    stored: `SELECT count(*) FROM labels WHERE source = ${labelSourceId('machine')}`,
    seedKind: 'human-labels',
  },
  {
    kind: 'boxes',
    file: 'train_bounding_boxes.csv',
    header: 'ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside',
    imageField: 0,
    fields: [
      imageField(16),
      { valid: fc.constantFrom('xclick', 'activemil'), bad: fc.constant('') },
      { valid: code, bad: badCode },
      { valid: fc.oneof(unit, fc.constant('')), bad: fc.oneof(badNumber.filter((t) => t !== ''), fc.constantFrom('2', '-0.5')) },
      // corners drawn often from a few values, so boxes with no width or height come up
      ...Array.from({ length: 4 }, () => ({ valid: fc.oneof(unit, fc.constantFrom('0', '0.5', '1')), bad: fc.oneof(badNumber, fc.constantFrom('1.5', '-0.1')) })),
      ...Array.from({ length: 5 }, () => ({ valid: flag, bad: fc.constantFrom('', '2', ' 1', 'true', '-0', '1.0') })),
    ],
    // a box spans some area: XMin < XMax and YMin < YMax
    wholeRow: (f) => Number(f[4]) < Number(f[5]) && Number(f[6]) < Number(f[7]),
    stored: 'SELECT count(*) FROM boxes',
    seedKind: 'human-labels',
  },
  {
    kind: 'scores',
    file: 'scores.csv',
    header: 'image_id,label_code,score',
    imageField: null,
    fields: [{ valid: fc.constantFrom(...knownImages), bad: badImageId }, { valid: code, bad: badCode }, { valid: unit, bad: fc.oneof(badNumber, fc.constantFrom('1.5', '-0.1')) }],
    stored: 'SELECT count(*) FROM predictions',
    seedKind: 'human-labels',
  },
  {
    kind: 'tuning-labels',
    file: 'tuning_labels.csv',
    header: null,
    imageField: 0,
    fields: [imageField(24), { valid: fc.array(code, { maxLength: 4 }).map((codes) => codes.join(' ')), bad: fc.constantFrom('Person', '/m/01g317 x', '/m/') }],
    stored: "SELECT count(*) FROM images WHERE split = 'tuning'",
    seedKind: 'human-labels',
  },
]

type Row = { fields: string[]; valid: boolean } | { junk: string }

/** A row: valid; valid but for one bad field; or a line of junk with no comma (one field, never valid). */
function rowOf(rule: KindRule): fc.Arbitrary<Row> {
  const valid = fc.tuple(...rule.fields.map((f) => f.valid))
  const broken = fc.nat(rule.fields.length - 1).chain((at) => fc.tuple(valid, rule.fields[at]!.bad).map(([fields, bad]) => fields.map((f, i) => (i === at ? bad : f))))
  const junk = fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map((text) => text.replace(/[,\r\n\ufeff]/g, ';'))
  return fc.oneof(
    { weight: 5, arbitrary: valid.map((fields) => ({ fields, valid: true })) },
    { weight: 3, arbitrary: broken.map((fields) => ({ fields, valid: false })) },
    { weight: 1, arbitrary: junk.map((text) => ({ junk: text })) },
  )
}

const encode = (field: string, quote: boolean) => (quote || /[",]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)

async function catalog(seedKind: KindRule['seedKind']) {
  const dir = join(temp.dir, `c${n++}`)
  mkdirSync(dir)
  const db = openCatalog(join(dir, 'catalog.sqlite'))
  const seed = join(dir, 'seed', seedKind === 'human-labels' ? 'train_human_labels.csv' : 'train_machine_labels.csv')
  mkdirSync(join(dir, 'seed'))
  const source = seedKind === 'human-labels' ? 'verification' : 'machine'
  writeFileSync(seed, `ImageID,Source,LabelName,Confidence\n${knownImages.map((id) => `${id},${source},/m/01g317,1`).join('\n')}\n`)
  await runIndex(db, planIndex([seed]))
  return { db, dir }
}

interface Counts {
  images: number
  classes: number
  labels: number
  boxes: number
  predictions: number
}
const counts = (db: ReturnType<typeof openCatalog>) =>
  db.prepare('SELECT (SELECT count(*) FROM images) AS images, (SELECT count(*) FROM classes) AS classes, (SELECT count(*) FROM labels) AS labels, (SELECT count(*) FROM boxes) AS boxes, (SELECT count(*) FROM predictions) AS predictions').get() as Counts

describe('the row parsers, fuzzed (fast-check)', () => {
  for (const rule of kinds) {
    it(`${rule.kind}: stores every valid row, skips and counts every other, changes nothing else`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(rowOf(rule), fc.boolean()), { maxLength: 25 }), fc.constantFrom('\n', '\r\n'), async (drawn, eol) => {
          const { db, dir } = await catalog(rule.seedKind)
          try {
            const before = counts(db)
            let next = 0
            const lines: string[] = []
            let valid = 0
            let invalid = 0
            const newImages = new Set<string>()
            for (const [row, quote] of drawn) {
              if ('junk' in row) {
                lines.push(row.junk)
                // one field: never a row of these kinds (all have two or more)
                invalid++
                continue
              }
              const fields = [...row.fields]
              const fresh = rule.imageField !== null && fields[rule.imageField] === ''.padEnd(fields[rule.imageField]!.length, 'x')
              if (fresh) fields[rule.imageField!] = hex(0xbbb000 + next++, fields[rule.imageField!]!.length)
              const ok = row.valid && (rule.wholeRow?.(fields) ?? true)
              if (ok) {
                valid++
                if (fresh) newImages.add(fields[rule.imageField!]!)
              } else invalid++
              lines.push(fields.map((f) => encode(f, quote)).join(','))
            }
            const file = join(dir, rule.file)
            writeFileSync(file, `${rule.header === null ? '' : rule.header + eol}${lines.join(eol)}${eol}`)
            let report
            try {
              report = await runIndex(db, planIndex(rule.kind === 'scores' ? [] : [file], rule.kind === 'scores' ? { scores: [`fuzz=${file}`], scan: false } : { scan: false }))
            } catch (error) {
              // a whole file refused: named, and nothing changed
              expect(error).toBeInstanceOf(ApiError)
              expect((error as ApiError).code).not.toBe('internal')
              expect(counts(db)).toEqual(before)
              return
            }
            const file0 = report.files[0]!
            // blank-looking junk (whitespace only) is still a line with one field, so it is counted too
            expect({ rows: file0.rows, skipped: file0.skipped }).toEqual({ rows: valid, skipped: invalid })
            const after = counts(db)
            expect(after.images - before.images).toBe(newImages.size)
            expect(db.prepare(rule.stored).pluck().get()).toBe(valid)
            if (!rule.kind.endsWith('labels')) expect(after.labels).toBe(before.labels)
            if (rule.kind !== 'boxes') expect(after.boxes).toBe(before.boxes)
            if (rule.kind !== 'scores') expect(after.predictions).toBe(before.predictions)
          } finally {
            db.close()
          }
        }),
        fuzzOptions(40),
      )
    }, fuzzTimeout(60))
  }
})
