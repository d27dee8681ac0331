import { fork } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IndexProgress, IndexReport } from '../../src/shared/api/index'
import { tempDir } from '../helpers/temp-dir'

const cli = join(__dirname, '..', '..', 'out', 'main', 'cli.js')
const humanRows = 50_000
const machineRows = 2_500_000

async function writeCsv(file: string, header: string, rows: number, row: (i: number) => string): Promise<void> {
  const out = createWriteStream(file)
  out.write(`${header}\n`)
  for (let i = 0; i < rows; i += 10_000) {
    const lines: string[] = []
    for (let j = i; j < Math.min(rows, i + 10_000); j++) lines.push(row(j))
    if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((done) => out.once('drain', () => done()))
  }
  await new Promise<void>((done) => out.end(() => done()))
}

const imageKey = (i: number) => i.toString(16).padStart(16, '0')

/** `oiw index` in a process of its own, as the app runs it, with structured progress. */
function runIndexer(dataset: string, workspace: string, onProgress: (p: IndexProgress, kill: () => void) => void) {
  const child = fork(cli, ['index', dataset, '--workspace', workspace, '--progress-ipc', '--no-scan'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; report: IndexReport | null }>((done) => {
    let report: IndexReport | null = null
    child.on('message', (message: { type: string; progress?: IndexProgress; report?: IndexReport }) => {
      if (message.type === 'progress') onProgress(message.progress!, () => child.kill('SIGKILL'))
      if (message.type === 'done') report = message.report!
    })
    child.on('exit', (code, signal) => done({ code, signal, report }))
  })
}

describe('indexing survives kill -9', () => {
  const temp = tempDir('oiw-crash-')
  const dataset = join(temp.dir, 'data')
  const workspace = join(temp.dir, 'ws')
  const count = (sql: string) => {
    const db = new Database(join(workspace, 'catalog.sqlite'), { readonly: true })
    try {
      return db.prepare(sql).pluck().get() as number
    } finally {
      db.close()
    }
  }

  beforeAll(async () => {
    const { mkdirSync } = await import('node:fs')
    mkdirSync(dataset)
    await writeCsv(join(dataset, 'train_human_labels.csv'), 'ImageID,Source,LabelName,Confidence', humanRows, (i) => `${imageKey(i)},verification,/m/0${i % 300},1`)
    await writeCsv(join(dataset, 'train_machine_labels.csv'), 'ImageID,Source,LabelName,Confidence', machineRows, (i) => `${imageKey(i >> 2)},machine,/m/0${i % 4000},0.${i % 10}`)
  })
  afterAll(() => temp.remove())

  it('leaves the catalog as it was before the file being imported, and a re-run ends with exact counts', async () => {
    let killedAt: IndexProgress | null = null
    const crashed = await runIndexer(dataset, workspace, (progress, kill) => {
      if (!killedAt && progress.file === 'train_machine_labels.csv' && progress.rows > 100_000 && progress.bytes < progress.totalBytes) {
        killedAt = progress
        kill()
      }
    })
    expect(crashed.signal).toBe('SIGKILL')
    expect(killedAt).not.toBeNull()
    expect(count('SELECT count(*) FROM labels WHERE source IN (1, 2)')).toBe(humanRows)
    expect(count('SELECT count(*) FROM labels WHERE source = 3')).toBe(0)
    expect(count("SELECT count(*) FROM imports WHERE kind = 'machine-labels'")).toBe(0)

    const rerun = await runIndexer(dataset, workspace, () => {})
    expect(rerun.code).toBe(0)
    expect(rerun.report!.files.map((f) => [f.file, f.rows])).toEqual([
      ['train_human_labels.csv', humanRows],
      ['train_machine_labels.csv', machineRows],
    ])
    expect(count('SELECT count(*) FROM labels WHERE source IN (1, 2)')).toBe(humanRows)
    expect(count('SELECT count(*) FROM labels WHERE source = 3')).toBe(machineRows)
    expect(count('SELECT sum(machine_images) FROM class_stats')).toBe(machineRows)
    expect(count('SELECT count(*) FROM images')).toBe(machineRows / 4)
  })
})
