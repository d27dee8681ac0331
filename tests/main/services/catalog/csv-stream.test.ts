import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { streamCsv } from '../../../../src/main/services/catalog/csv-stream'
import { tempDir } from '../../../helpers/temp-dir'

async function rowsOf(bytes: Buffer | string): Promise<{ rows: Array<[number, string[]]>; bad: number[] }> {
  const file = join(temp.dir, `f${Math.random()}.csv`)
  writeFileSync(file, bytes)
  const rows: Array<[number, string[]]> = []
  const bad: number[] = []
  await streamCsv(file, { onRow: (fields, count, line) => rows.push([line, fields.slice(0, count)]), onInvalidUtf8: (line) => bad.push(line) })
  return { rows, bad }
}

const temp = tempDir()

describe('streamCsv', () => {
  afterAll(() => temp.remove())

  it('splits plain and quoted fields, with line numbers, skipping empty lines', async () => {
    const { rows } = await rowsOf('a,b,c\n\n/m/01,"Bow, archery",x\n"say ""hi""",,\nlast,row')
    expect(rows).toEqual([
      [1, ['a', 'b', 'c']],
      [3, ['/m/01', 'Bow, archery', 'x']],
      [4, ['say "hi"', '', '']],
      [5, ['last', 'row']],
    ])
  })

  it('drops a BOM and CRLF line ends', async () => {
    const { rows } = await rowsOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ImageID,Source\r\n0123,x\r\n')]))
    expect(rows).toEqual([
      [1, ['ImageID', 'Source']],
      [2, ['0123', 'x']],
    ])
  })

  it('flags exactly the lines that are not UTF-8 and keeps the others', async () => {
    const { rows, bad } = await rowsOf(Buffer.concat([Buffer.from('ok,1\nbad,'), Buffer.from([0xff, 0xfe]), Buffer.from('\nçà,2\n')]))
    expect(bad).toEqual([2])
    expect(rows).toEqual([
      [1, ['ok', '1']],
      [3, ['çà', '2']],
    ])
  })

  it('keeps lines whole across 1 MiB chunk boundaries', async () => {
    const line = (i: number) => `${i.toString(16).padStart(16, '0')},machine,/m/0${i % 97},0.${i % 10}`
    const count = 60_000
    const { rows } = await rowsOf(Array.from({ length: count }, (_, i) => line(i)).join('\n') + '\n')
    expect(rows.length).toBe(count)
    rows.forEach(([lineNo, fields], i) => {
      if (lineNo !== i + 1 || fields.join(',') !== line(i)) throw new Error(`row ${i}: line ${lineNo} ${fields.join(',')}`)
    })
  })
})
