import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { copyFileSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HttpApiClient } from '../../src/renderer/api/http-client'
import type { ArgsOf, EditReceipt } from '../../src/shared/api/index'
import { mulberry32 } from '../../src/shared/prng'
import { fixtureWorkspace } from '../helpers/fixture-workspace'
import { tempDir } from '../helpers/temp-dir'
import { mergedState } from '../main/services/annotate/annotate-fixture'
import { startHeadlessApp, type RunningApp } from './helpers/headless-app'

const temp = tempDir('oiw-annotate-crash-')
const edits = 1000
const inFlight = 6

interface Request {
  n: number
  method: 'annotate.createBox' | 'annotate.setLabels'
  args: ArgsOf<'annotate.createBox'> | ArgsOf<'annotate.setLabels'>
}

let workspaceDir: string
let images: string[]
let classes: string[]
let app: RunningApp | null = null

beforeAll(async () => {
  const fixture = await fixtureWorkspace(40)
  workspaceDir = fixture.workspace.dir
  const db = fixture.workspace.db
  images = db.prepare("SELECT image_key FROM images WHERE split = 'train' ORDER BY id").pluck().all() as string[]
  classes = db.prepare('SELECT code FROM classes ORDER BY id LIMIT 25').pluck().all() as string[]
  fixture.workspace.close()
}, 120_000)
afterAll(async () => {
  await app?.stop()
  temp.remove()
})

/**
 * Request n: mostly a box with coordinates unique to n (so each can be found, and counted, afterwards),
 * every fifth a verdict on an (image, class) pair unique to n.
 */
function request(n: number): Request {
  const requestId = `crash-test-${n}`
  const imageId = images[n % images.length]!
  if (n % 5 === 4) {
    const classCode = classes[Math.floor(n / images.length) % classes.length]!
    return { n, method: 'annotate.setLabels', args: { requestId, author: 'crash-test', edits: [{ imageId, classCode, verdict: n % 2 === 0 ? 'absent' : 'present' }] } }
  }
  const xMin = n / (2 * edits)
  const box = { classCode: classes[n % classes.length]!, xMin, xMax: xMin + 0.25, yMin: 0.1, yMax: 0.6, isOccluded: 0, isTruncated: 0, isGroupOf: 0, isDepiction: 0, isInside: 0 } as const
  return { n, method: 'annotate.createBox', args: { requestId, author: 'crash-test', imageId, box } }
}

const client = (running: RunningApp) => new HttpApiClient({ baseUrl: running.url, token: running.token, WebSocket: null })

/** Sends requests `inFlight` at a time until all are answered or the server goes away; returns the answers. */
async function drive(api: HttpApiClient, pending: Request[], answers: Map<number, EditReceipt>, stopAfter: number): Promise<void> {
  let next = 0
  let failed = false
  const worker = async () => {
    while (!failed && next < pending.length && answers.size < stopAfter) {
      const r = pending[next++]!
      try {
        answers.set(r.n, await api.call(r.method, r.args as never))
      } catch {
        failed = true
      }
    }
  }
  await Promise.all(Array.from({ length: inFlight }, worker))
}

describe('edits survive the server being killed with SIGKILL', () => {
  it('keeps every acknowledged edit of 1,000, and a retry of any request writes nothing twice', async () => {
    const all = Array.from({ length: edits }, (_, n) => request(n))
    const killAt = 150 + Math.floor(mulberry32(Date.now() % 100_000)() * 700)
    app = await startHeadlessApp({ home: join(temp.dir, 'home'), workspace: workspaceDir })
    const first = app
    const answers = new Map<number, EditReceipt>()
    // Kill while requests are in flight: the driver keeps `inFlight` going until the kill lands.
    const driving = drive(client(first), all, answers, edits)
    while (answers.size < killAt) await new Promise((done) => setTimeout(done, 2))
    first.process.kill('SIGKILL')
    await driving
    const acknowledged = new Map(answers)
    expect(acknowledged.size).toBeGreaterThanOrEqual(killAt)
    expect(acknowledged.size).toBeLessThan(edits)

    // Straight after the restart, before any retry: every acknowledged edit is there.
    app = await startHeadlessApp({ home: join(temp.dir, 'home'), workspace: workspaceDir })
    const db = new Database(join(workspaceDir, 'catalog.sqlite'), { readonly: true })
    try {
      const editRow = db.prepare('SELECT kind, author FROM edits WHERE id = ?')
      const boxRow = db.prepare('SELECT x_min FROM boxes WHERE id = ?')
      for (const [n, receipt] of acknowledged) {
        // A verdict the pair already had writes no edit (and says so with an empty receipt).
        if (all[n]!.method === 'annotate.setLabels' && receipt.editIds.length === 0) continue
        // A box also sets its class present on the image when it was not: a second edit, a label.
        const kinds = all[n]!.method === 'annotate.createBox' ? ['box-create', 'label'] : ['label']
        expect(receipt.editIds.length, `request ${n}`).toBeGreaterThanOrEqual(1)
        expect(receipt.editIds.length, `request ${n}`).toBeLessThanOrEqual(kinds.length)
        receipt.editIds.forEach((id, k) => expect(editRow.get(id), `edit ${k} of request ${n}`).toEqual({ kind: kinds[k], author: 'crash-test' }))
        if (receipt.boxId !== null) expect(boxRow.pluck().get(receipt.boxId)).toBe(n / (2 * edits))
      }

      const committed = db.prepare('SELECT count(*) FROM edit_requests').pluck().get() as number
      expect(committed).toBeGreaterThanOrEqual(acknowledged.size)
      console.log(`killed after ${acknowledged.size} answers; ${committed - acknowledged.size} more had committed unanswered`)

      // The client retries whatever got no answer, and (as a lost answer would make it) some that did.
      const api = client(app)
      const retries = all.filter((r) => !acknowledged.has(r.n) || r.n % 7 === 0)
      for (const r of retries) answers.set(r.n, await api.call(r.method, r.args as never))
      for (const [n, receipt] of acknowledged) expect(answers.get(n), `retry of request ${n}`).toEqual(receipt)

      expect(answers.size).toBe(edits)
      expect(db.prepare('SELECT count(*) FROM edit_requests').pluck().get()).toBe(edits)
      const ids = [...answers.values()].flatMap((receipt) => receipt.editIds)
      expect(ids.length).toBeGreaterThan(edits * 0.9)
      expect(new Set(ids).size).toBe(ids.length)
      expect(db.prepare("SELECT count(*) FROM edits WHERE author = 'crash-test'").pluck().get()).toBe(ids.length)
      const boxes = db.prepare("SELECT x_min, count(*) FROM boxes WHERE source_id = (SELECT id FROM box_sources WHERE name = 'oiw') GROUP BY x_min").raw().all() as Array<[number, number]>
      expect(boxes.length).toBe(all.filter((r) => r.method === 'annotate.createBox').length)
      expect(boxes.every(([, count]) => count === 1)).toBe(true)
    } finally {
      db.close()
    }
  }, 180_000)

  it('oiw export openimages writes the merged labels and boxes, and oiw index reads them back the same', async () => {
    await app?.stop()
    app = null
    const out = join(temp.dir, 'export')
    const oiw = (...args: string[]) => spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'oiw.js'), ...args], { encoding: 'utf8', env: { ...process.env, OIW_HOME: join(temp.dir, 'home') } })
    const exported = oiw('export', 'openimages', out, '--workspace', workspaceDir)
    expect(exported.stderr).toBe('')
    expect(exported.stdout).toMatch(/^wrote \d+ human labels and \d+ boxes \(\d+ edits merged\) to /m)
    expect(readFileSync(join(out, 'train_bounding_boxes.csv'), 'utf8').split('\n')[0]).toBe('ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside')
    for (const name of readdirSync(join(workspaceDir, 'dataset'))) {
      if (/class|hierarchy|machine/.test(name)) copyFileSync(join(workspaceDir, 'dataset', name), join(out, name))
    }
    const copy = join(temp.dir, 'copy')
    const indexed = oiw('index', '--workspace', copy, '--no-scan', '--json', out)
    expect(indexed.status, indexed.stderr).toBe(0)
    const [a, b] = [workspaceDir, copy].map((dir) => new Database(join(dir, 'catalog.sqlite'), { readonly: true }))
    try {
      expect(mergedState(b!)).toEqual(mergedState(a!))
      expect(mergedState(a!).boxes.length).toBeGreaterThan(800)
    } finally {
      a!.close()
      b!.close()
    }
  }, 120_000)
})
