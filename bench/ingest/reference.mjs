// The reference: the sqlite3 shell's `.import` of the three big CSVs into plain typed tables, a fresh
// database each run, one sqlite3 process per file so each is timed on its own.
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { filesSize, runMeasured } from './measure.mjs'

const labelColumns = 'ImageID TEXT, Source TEXT, LabelName TEXT, Confidence REAL'
const tables = {
  'train_human_labels.csv': { table: 'human_labels', columns: labelColumns },
  'train_machine_labels.csv': { table: 'machine_labels', columns: labelColumns },
  'train_bounding_boxes.csv': {
    table: 'boxes',
    columns: `${labelColumns}, XMin REAL, XMax REAL, YMin REAL, YMax REAL, IsOccluded INTEGER, IsTruncated INTEGER,
      IsGroupOf INTEGER, IsDepiction INTEGER, IsInside INTEGER`,
  },
}

/** Same settings as the catalog's connection (src/main/db/connection.ts); synchronous is per connection. */
export const referencePragmas = 'PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;'

/** The installed sqlite3 shell's version, or null when there is none. */
export function sqliteVersion() {
  const result = spawnSync('sqlite3', ['--version'], { encoding: 'utf8' })
  if (result.error || result.status !== 0) return null
  return result.stdout.split(' ')[0]
}

function sqlite(db, script) {
  const result = spawnSync('sqlite3', ['-bail', db], { input: script, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`sqlite3 failed: ${result.stderr || result.stdout}`)
  return result.stdout.trim()
}

/**
 * Times `.import --skip 1` of each big file into `<workDir>/ref.db` (created fresh, tables made first and
 * not timed). Checks the row counts afterwards. Needs sqlite3 ≥ 3.32 for `--skip`.
 */
export async function runReference({ dataDir, workDir, files, expectedRows, log }) {
  const version = sqliteVersion()
  if (!version) throw new Error('the sqlite3 shell is missing: apt-get install -y sqlite3 (the reference)')
  const [major, minor] = version.split('.').map(Number)
  if (major < 3 || (major === 3 && minor < 32)) throw new Error(`sqlite3 ${version} lacks .import --skip (needs 3.32+)`)
  rmSync(workDir, { recursive: true, force: true })
  mkdirSync(workDir, { recursive: true })
  const db = join(workDir, 'ref.db')
  sqlite(db, `${referencePragmas}\n${files.map((f) => `CREATE TABLE ${tables[f].table} (${tables[f].columns});`).join('\n')}\n`)
  const results = []
  for (const file of files) {
    const { table } = tables[file]
    const script = `${referencePragmas}\n.mode csv\n.import --skip 1 ${join(dataDir, file)} ${table}\n`
    const run = await runMeasured('sqlite3', ['-bail', db], { input: script })
    if (run.code !== 0 || run.stderr.trim()) throw new Error(`sqlite3 .import ${file} failed (${run.code}): ${run.stderr}`)
    const rows = Number(sqlite(db, `SELECT count(*) FROM ${table};`))
    if (rows !== expectedRows[file]) throw new Error(`sqlite3 imported ${rows} rows of ${file}, expected ${expectedRows[file]}`)
    results.push({ file, rows, seconds: run.seconds, rowsPerSecond: rows / run.seconds, maxRssBytes: run.maxRssBytes })
    log?.(`sqlite3 .import ${file}: ${rows} rows in ${run.seconds.toFixed(1)} s`)
  }
  sqlite(db, 'PRAGMA wal_checkpoint(TRUNCATE);')
  return {
    sqliteVersion: version,
    pragmas: referencePragmas,
    tables: 'plain tables with declared column types, no keys or indexes',
    files: results,
    seconds: results.reduce((sum, r) => sum + r.seconds, 0),
    rows: results.reduce((sum, r) => sum + r.rows, 0),
    maxRssBytes: Math.max(...results.map((r) => r.maxRssBytes)),
    databaseBytes: filesSize(workDir, 'ref.db'),
  }
}
