// `npm run bench:soak -- [--images 1740000] [--minutes 10] [--clients 4] [--kill-every 20-60] [--dir /tmp/oiw-bench-soak]`
// Serves a full-scale synthetic workspace with `oiw serve` and, from several clients at once, browses,
// annotates and studies a prediction set for --minutes while the server is killed with SIGKILL at random
// moments and started again. A request cut by a kill is sent again once the server is back (an edit with
// the same request id, so it is written at most once). Then checks that every acknowledged edit is in the
// catalog with the receipt it was answered with and that SQLite's integrity_check passes, and prints the
// latency of each kind of request (p50, p95, p99) against the reference: the same mix from one client with
// no kills, measured first in the same run. Writes bench/results/soak.json; exits 1 when a check fails.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'

const repo = resolve(import.meta.dirname, '..', '..')
const require = createRequire(import.meta.url)
const Database = require('better-sqlite3')
const log = (line) => process.stderr.write(`[bench] ${line}\n`)
const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '1740000' },
    minutes: { type: 'string', default: '10' },
    clients: { type: 'string', default: '4' },
    'kill-every': { type: 'string', default: '20-60' },
    'reference-seconds': { type: 'string', default: '30' },
    dir: { type: 'string', default: '/tmp/oiw-bench-soak' },
    seed: { type: 'string', default: '1' },
  },
})
const minutes = Number(values.minutes)
const clients = Number(values.clients)
const [killMin, killMax] = values['kill-every'].split('-').map(Number)
if (!(minutes > 0) || !(clients >= 1) || !(killMin > 0 && killMax >= killMin)) throw new Error('--minutes, --clients and --kill-every (e.g. 20-60 seconds) must be positive')
for (const entry of ['bench-soak-catalog.js', 'cli.js']) {
  if (!existsSync(join(repo, 'out', 'main', entry))) {
    log(`out/main/${entry} is missing: run npm run build first`)
    process.exit(1)
  }
}

// A small seeded generator (mulberry32), so a run's request mix can be repeated.
let state = Number(values.seed) >>> 0
const rand = () => {
  state = (state + 0x6d2b79f5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (items) => items[Math.floor(rand() * items.length)]

// 1. the workspace
mkdirSync(values.dir, { recursive: true })
const prepared = spawnSync(process.execPath, [join(repo, 'out', 'main', 'bench-soak-catalog.js'), '--images', values.images, '--dir', values.dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
if (prepared.status !== 0) process.exit(prepared.status ?? 1)
const catalog = JSON.parse(prepared.stdout.trim().split('\n').at(-1))
log(`${catalog.reused ? 'reusing' : 'made'} ${catalog.dir}: ${catalog.images.toLocaleString('en')} images, ${catalog.labels.toLocaleString('en')} labels, ${catalog.boxes.toLocaleString('en')} boxes`)
const images = catalog.images
const imageKey = () => Math.floor(1 + rand() * images).toString(16).padStart(16, '0')
const scoredKey = () => Math.floor(1 + rand() * catalog.tuningImages).toString(16).padStart(24, 'f')
const classCode = () => `/m/0bench${Math.floor(1 + rand() * rand() * 7178).toString(36)}`

// 2. the server, as a user runs it; killed and started again
const home = mkdtempSync(join(tmpdir(), 'oiw-soak-home-'))
let server = null
const restarts = []
function startServer() {
  const started = performance.now()
  const child = spawn(process.execPath, [join(repo, 'bin', 'oiw.js'), 'serve', catalog.dir, '--json'], { env: { ...process.env, OIW_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stderr.on('data', () => {})
  return new Promise((done, fail) => {
    const lines = createInterface({ input: child.stdout })
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return
      const { url, token } = JSON.parse(line)
      server = { child, url, token }
      done(performance.now() - started)
    })
    child.once('exit', (code) => fail(new Error(`oiw serve exited (${code}) before listening`)))
  })
}
/** kill -9, then the same command again; milliseconds until it listens. */
async function killServer() {
  const { child } = server
  server = null
  const exited = new Promise((done) => child.once('exit', done))
  child.kill('SIGKILL')
  await exited
  return startServer()
}

// 3. requests: each kind timed; a request cut by a kill is sent again, as it was, once the server is back
const latency = { 'warm-up': {}, reference: {}, soak: {} }
const tally = { sent: 0, resent: 0, refused: {}, failed: [] }
const acknowledged = new Map()
async function call(phase, kind, method, args) {
  for (let attempt = 0; ; attempt++) {
    while (!server) await new Promise((done) => setTimeout(done, 20))
    const { url, token } = server
    const started = performance.now()
    let answer
    try {
      const response = await fetch(`${url}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(args) })
      answer = await response.json()
    } catch {
      tally.resent++
      await new Promise((done) => setTimeout(done, 50))
      continue
    }
    tally.sent++
    if (attempt === 0) (latency[phase][kind] ??= []).push(performance.now() - started)
    if (!answer.ok) {
      const code = answer.error.code
      if (code === 'internal') tally.failed.push(`${method}: ${answer.error.message}`)
      tally.refused[code] = (tally.refused[code] ?? 0) + 1
      return null
    }
    if (args.requestId) acknowledged.set(args.requestId, answer.value)
    return answer.value
  }
}

let requestNumber = 0
const requestId = () => `soak-${values.seed}-${Date.now().toString(36)}-${requestNumber++}`
const boxesMade = []
const verdicts = ['present', 'absent', 'none']
/** One request of the mix: browse 40 %, annotate 35 %, predictions 25 %. */
async function oneRequest(phase) {
  const roll = rand()
  if (roll < 0.15) return call(phase, 'browse: a page of a class', 'images.list', { classCode: classCode(), onDisk: 'any', limit: 100 })
  if (roll < 0.25) return call(phase, 'browse: count of a class', 'images.count', { classCode: classCode(), labelFilter: pick(['human-positive', 'machine', 'human-negative']), onDisk: 'any' })
  if (roll < 0.32) return call(phase, 'browse: a window of all images', 'images.window', { filter: { onDisk: 'any' }, offset: Math.floor(rand() * (images - 200)), limit: 200 })
  if (roll < 0.4) return call(phase, 'browse: an image', 'images.get', { imageId: imageKey() })
  if (roll < 0.6) return call(phase, 'annotate: a verdict (durable)', 'annotate.setLabels', { requestId: requestId(), author: 'soak', edits: [{ imageId: imageKey(), classCode: classCode(), verdict: pick(verdicts) }] })
  if (roll < 0.68 || boxesMade.length === 0) {
    const x = rand() * 0.6
    const imageId = imageKey()
    const box = { classCode: `/m/0bench${Math.floor(1 + rand() * 600).toString(36)}`, xMin: x, xMax: x + 0.2, yMin: 0.1, yMax: 0.5, isOccluded: 0, isTruncated: 0, isGroupOf: 0, isDepiction: 0, isInside: 0 }
    const made = await call(phase, 'annotate: a new box (durable)', 'annotate.createBox', { requestId: requestId(), author: 'soak', imageId, box })
    if (made?.boxId) boxesMade.push({ imageId, boxId: made.boxId })
    return made
  }
  if (roll < 0.75) {
    const { imageId, boxId } = pick(boxesMade)
    return call(phase, 'annotate: a box moved (durable)', 'annotate.updateBox', { requestId: requestId(), author: 'soak', imageId, boxId, patch: { xMin: rand() * 0.1, yMax: 0.5 + rand() * 0.4 } })
  }
  if (roll < 0.85) return call(phase, 'predictions: worst images', 'evaluation.images', { set: 'soak', truth: 'tuning', limit: 50 })
  if (roll < 0.92) return call(phase, 'predictions: classes', 'evaluation.classes', { set: 'soak', truth: 'tuning', limit: 50 })
  return call(phase, 'predictions: an image', 'evaluation.image', { set: 'soak', truth: 'tuning', imageId: scoredKey() })
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
const summary = (ms) => {
  const sorted = [...ms].sort((a, b) => a - b)
  const round = (x) => Math.round(x * 10) / 10
  return { n: sorted.length, p50: round(quantile(sorted, 0.5)), p95: round(quantile(sorted, 0.95)), p99: round(quantile(sorted, 0.99)), max: round(sorted.at(-1)) }
}
const all = (phase) => summary(Object.values(latency[phase]).flat())

async function main() {
  const firstStart = await startServer()
  log(`oiw serve listening after ${Math.round(firstStart)} ms`)
  // the reference: one client, no kills (the first analysis of the set is warmed up out of it)
  await call('warm-up', 'warm-up', 'evaluation.analyze', { set: 'soak', truth: 'tuning' })
  const referenceEnd = performance.now() + Number(values['reference-seconds']) * 1000
  while (performance.now() < referenceEnd) await oneRequest('reference')
  log(`reference: ${all('reference').n} requests from one client, no kills`)

  // the soak: several clients, kills at random moments
  const end = performance.now() + minutes * 60_000
  const killer = (async () => {
    while (true) {
      const wait = (killMin + rand() * (killMax - killMin)) * 1000
      if (performance.now() + wait > end) return
      await new Promise((done) => setTimeout(done, wait))
      const ms = await killServer()
      restarts.push(ms)
      log(`kill -9 #${restarts.length}: listening again after ${Math.round(ms)} ms`)
    }
  })()
  await Promise.all([killer, ...Array.from({ length: clients }, async () => { while (performance.now() < end) await oneRequest('soak') })])
  log(`soak over: ${all('soak').n} requests answered; stopping the server`)
  const stopping = new Promise((done) => server.child.once('exit', done))
  server.child.kill('SIGTERM')
  await stopping

  // 4. the checks: every acknowledged edit is stored, with its receipt; the file is sound
  const db = new Database(join(catalog.dir, 'catalog.sqlite'), { readonly: true })
  const receiptOf = db.prepare('SELECT receipt FROM edit_requests WHERE request_id = ?').pluck()
  const editExists = db.prepare('SELECT 1 FROM edits WHERE id = ?').pluck()
  let missing = 0
  let edits = 0
  for (const [id, receipt] of acknowledged) {
    const stored = receiptOf.get(id)
    const same = stored !== undefined && JSON.stringify(JSON.parse(stored).editIds) === JSON.stringify(receipt.editIds)
    const present = receipt.editIds.every((editId) => editExists.get(editId) === 1)
    edits += receipt.editIds.length
    if (!same || !present) missing++
  }
  const integrity = db.pragma('integrity_check', { simple: true })
  db.close()
  rmSync(home, { recursive: true, force: true })

  const kinds = Object.keys(latency.soak).sort()
  const row = (name, r, s) => `${name.padEnd(34)} ${String(r?.p50 ?? '–').padStart(7)} ${String(r?.p99 ?? '–').padStart(7)}   ${String(s.p50).padStart(7)} ${String(s.p95).padStart(7)} ${String(s.p99).padStart(7)} ${String(s.n).padStart(6)}`
  const lines = [
    `catalog: ${images.toLocaleString('en')} images, ${catalog.labels.toLocaleString('en')} labels, ${catalog.boxes.toLocaleString('en')} boxes (synthetic); ${minutes} min, ${clients} clients, kill -9 every ${killMin}–${killMax} s`,
    `${'ms'.padEnd(34)} ${'ref p50'.padStart(7)} ${'ref p99'.padStart(7)}   ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'n'.padStart(6)}`,
    ...kinds.map((kind) => row(kind, latency.reference[kind] && summary(latency.reference[kind]), summary(latency.soak[kind]))),
    row('all requests', all('reference'), all('soak')),
    `kills: ${restarts.length}, each listening again after p50 ${Math.round(quantile([...restarts].sort((a, b) => a - b), 0.5) ?? 0)} ms (max ${Math.round(Math.max(0, ...restarts))} ms); requests sent again after a kill: ${tally.resent}`,
    `refused by name: ${Object.entries(tally.refused).map(([code, n]) => `${code} ${n}`).join(', ') || 'none'}; internal errors: ${tally.failed.length}`,
    `acknowledged edit requests: ${acknowledged.size} (${edits} edits), missing or changed after the kills: ${missing}; integrity_check: ${integrity}`,
    `p99 under soak is ${(all('soak').p99 / all('reference').p99).toFixed(2)}× the reference p99 (one client, no kills)`,
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
  for (const failure of tally.failed.slice(0, 5)) log(`internal error: ${failure}`)
  const machine = { cpus: cpus().length, model: cpus()[0]?.model }
  mkdirSync(join(repo, 'bench', 'results'), { recursive: true })
  const reference = Object.fromEntries(Object.entries(latency.reference).map(([k, v]) => [k, summary(v)]))
  const soak = Object.fromEntries(Object.entries(latency.soak).map(([k, v]) => [k, summary(v)]))
  writeFileSync(
    join(repo, 'bench', 'results', 'soak.json'),
    `${JSON.stringify({ at: new Date().toISOString(), machine, options: { images, minutes, clients, killEvery: [killMin, killMax] }, reference, soak, kills: restarts.length, restartMs: restarts, resent: tally.resent, refused: tally.refused, internalErrors: tally.failed, acknowledged: acknowledged.size, edits, missing, integrity }, null, 2)}\n`,
  )
  if (missing > 0 || integrity !== 'ok' || tally.failed.length > 0) process.exit(1)
}

main().catch((error) => {
  log(error.stack ?? String(error))
  server?.child.kill('SIGKILL')
  process.exit(1)
})
