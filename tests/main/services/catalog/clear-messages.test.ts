import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { openCatalog } from '../../../../src/main/db/connection'
import { planIndex } from '../../../../src/main/services/catalog/index-plan'
import { runIndex } from '../../../../src/main/services/catalog/run-index'
import { ApiError } from '../../../../src/shared/errors'
import { tempDir } from '../../../helpers/temp-dir'

const header = 'ImageID,Source,LabelName,Confidence'
const a = 'aaaaaaaaaaaaaaaa'

describe('indexing errors say what is wrong, with the file', () => {
  const temp = tempDir('oiw-messages-')
  afterAll(() => temp.remove())
  let n = 0
  /** A fresh catalog; the labels already stored (one verified Person) must survive every refused file. */
  async function catalogWithOneLabel() {
    const dir = join(temp.dir, `c${n++}`)
    mkdirSync(dir)
    const db = openCatalog(join(dir, 'catalog.sqlite'))
    const first = join(dir, 'first', 'train_human_labels.csv')
    mkdirSync(join(dir, 'first'))
    writeFileSync(first, `${header}\n${a},verification,/m/01g317,1\n`)
    await runIndex(db, planIndex([first]))
    return { db, dir, labels: () => db.prepare('SELECT count(*) FROM labels').pluck().get() }
  }
  async function refusal(content: string | Buffer, name = 'train_human_labels.csv'): Promise<{ error: ApiError; labels: unknown }> {
    const { db, dir, labels } = await catalogWithOneLabel()
    const file = join(dir, name)
    writeFileSync(file, content)
    try {
      await runIndex(db, planIndex([file]))
      throw new Error('indexed without an error')
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      return { error, labels: labels() }
    } finally {
      db.close()
    }
  }

  it('names the mistyped column of a header, not "the header is missing"', async () => {
    const { error, labels } = await refusal(`ImagID,Source,LabelName,Confidence\n${a},verification,/m/01g317,1\n`)
    expect(error.message).toBe(`train_human_labels.csv: expected the header ${header}: "ImagID" where ImageID is expected (found ImagID,Source,LabelName,Confidence)`)
    expect(error.where).toBe('train_human_labels.csv:1')
    expect(labels).toBe(1)
  })

  it('says the header is missing when the first row is data', async () => {
    const { error } = await refusal(`${a},verification,/m/01g317,1\n`)
    expect(error.message).toMatch(/^train_human_labels\.csv: expected the header ImageID,Source,LabelName,Confidence, found a data row \(aaaa.*\): the header is missing$/)
  })

  it('reads a header below blank lines', async () => {
    const { db, dir, labels } = await catalogWithOneLabel()
    const file = join(dir, 'train_human_labels.csv')
    writeFileSync(file, `\n  \n${header}\n${a},verification,/m/01g317,1\n${a},verification,/m/0k4j,0\n`)
    const report = await runIndex(db, planIndex([file]))
    expect(report.files[0]).toMatchObject({ rows: 2, skipped: 0 })
    expect(labels()).toBe(2)
    db.close()
  })

  it('calls UTF-16, archives and binary files "not a UTF-8 CSV", with what they look like, and prints none of their bytes', async () => {
    const text = `${header}\n${a},verification,/m/01g317,1\n`
    const cases: Array<[Buffer, RegExp]> = [
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), /UTF-16 LE text \(it starts with the byte-order mark FF FE\)/],
      [Buffer.from(text, 'utf16le'), /UTF-16 LE text \(every other byte is zero\)/],
      [gzipSync(text), /a gzip archive/],
      [Buffer.from([0x10, 0x00, 0x8f, 0xa3, 0x00, 0x01, 0x41, 0x42, 0xc3, 0x00, 0x00, 0x7f, 0x45]), /binary data/],
    ]
    for (const [bytes, what] of cases) {
      const { error, labels } = await refusal(bytes)
      expect(error.message).toMatch(/^train_human_labels\.csv: not a UTF-8 CSV: it looks like /)
      expect(error.message).toMatch(what)
      // none of the file's bytes: no control characters, no replacement characters
      expect([...error.message].every((c) => c >= ' ' && c !== '\ufffd')).toBe(true)
      expect(error.where).toBe('train_human_labels.csv')
      expect(labels).toBe(1)
    }
  })

  it('imports a 50,000-deep hierarchy without overflowing the stack, and names the path of a cycle', async () => {
    const depth = 50_000
    const code = (i: number) => `/m/0${i.toString(36)}`
    let deep = ''
    for (let i = 0; i < depth; i++) deep += `{"LabelName":"${code(i)}","Subcategory":[`
    deep += `{"LabelName":"${code(depth)}"}`
    deep += ']}'.repeat(depth)
    const { db, dir } = await catalogWithOneLabel()
    const file = join(dir, 'bbox_labels_600_hierarchy.json')
    writeFileSync(file, deep)
    const report = await runIndex(db, planIndex([file]))
    expect(report.files[0]!.rows).toBe(depth)
    expect(db.prepare('SELECT count(*) FROM class_edges').pluck().get()).toBe(depth)

    const cycle = `{"LabelName":"/m/0bl9f","Subcategory":[{"LabelName":"/m/01g317"},{"LabelName":"/m/0k4j","Part":[{"LabelName":"/m/0bl9f"}]}]}`
    writeFileSync(file, cycle)
    await expect(runIndex(db, planIndex([file]))).rejects.toThrow(
      'bbox_labels_600_hierarchy.json: $.Subcategory[1].Part[0] is /m/0bl9f, which is also above it: the hierarchy has a cycle',
    )
    // refused: the edges indexed before are all still there
    expect(db.prepare('SELECT count(*) FROM class_edges').pluck().get()).toBe(depth)
    db.close()
  })

  it('counts and names the .jpg files in the image store whose names are not image ids', async () => {
    const { db, dir } = await catalogWithOneLabel()
    const store = join(dir, 'images')
    mkdirSync(join(store, 'train'), { recursive: true })
    writeFileSync(join(store, 'train', `${a}.jpg`), '')
    writeFileSync(join(store, 'train', 'IMG_0042.jpg'), '')
    writeFileSync(join(store, 'holiday photo.jpg'), '')
    const report = await runIndex(db, planIndex([store]))
    const scan = report.files.find((file) => file.kind === 'image-store')!
    expect(scan).toMatchObject({ rows: 1, skipped: 2, skippedByKind: { 'not-an-image-id': 2 } })
    expect(scan.problems.map((p) => p.where).sort()).toEqual(['images/holiday photo.jpg', 'images/train/IMG_0042.jpg'])
    expect(scan.problems[0]!.message).toMatch(/is not a hex image id: the file is not indexed$/)
    db.close()
  })
})
