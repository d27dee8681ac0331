import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { hierarchyRoot, readAncestors, readBoxableClasses } from '../../../../src/main/services/demo/class-catalog'
import { CsvFile, csvField, csvLine } from '../../../../src/main/services/demo/csv-file'
import { Random, hashSeed } from '../../../../src/shared/prng'

describe('csv-file', () => {
  it('quotes only fields that need it', () => {
    expect(csvField('/m/0k4j')).toBe('/m/0k4j')
    expect(csvField('Tool, hand')).toBe('"Tool, hand"')
    expect(csvField('7" record')).toBe('"7"" record"')
    expect(csvLine(['/m/01', 'Bed, bunk'])).toBe('/m/01,"Bed, bunk"\n')
  })

  it('streams rows that csv-parse reads back unchanged, and counts them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oiw-csv-'))
    try {
      const path = join(dir, 'out.csv')
      const file = new CsvFile(path, ['label_code', 'description'])
      const rows = Array.from({ length: 5000 }, (_, i) => [`/m/${i}`, i % 3 ? `plain ${i}` : `with, "comma" ${i}`])
      for (const row of rows) await file.write(row)
      await file.close()
      expect(file.rows).toBe(rows.length)
      expect(parse(await readFile(path, 'utf8'))).toEqual([['label_code', 'description'], ...rows])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('prng', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    const draw = (seed: number): number[] => {
      const random = new Random(seed)
      return Array.from({ length: 5 }, () => random.unit())
    }
    expect(draw(7)).toEqual(draw(7))
    expect(draw(7)).not.toEqual(draw(8))
    expect(hashSeed('a', 1)).not.toBe(hashSeed('a', 2))
  })
})

describe('class-catalog', () => {
  it('finds ancestors through Subcategory links, nearest first, without the root', async () => {
    const code = new Map((await readBoxableClasses()).map((c) => [c.description, c.code]))
    const ancestors = await readAncestors()
    const names = (name: string): string[] => ancestors.get(code.get(name)!)!.map((c) => [...code].find(([, v]) => v === c)![0])
    expect(names('Car')).toEqual(['Land vehicle', 'Vehicle'])
    expect(names('Man')).toEqual(['Person'])
    expect(ancestors.get(code.get('Person')!)).toEqual([])
    for (const chain of ancestors.values()) expect(chain).not.toContain(hierarchyRoot)
  })
})
