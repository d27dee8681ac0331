import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { mulberry32 } from '../../shared/prng'
import { openCatalog } from '../db/connection'
import { refreshClassStats } from '../db/queries/class-stats'
import { refreshExploreStats } from '../db/queries/explore/refresh-explore'
import { getImageDetail } from '../db/queries/image-detail'
import { AnnotateService } from '../services/annotate/annotate-service'
import { benchClasses, fillSyntheticCatalog } from './synthetic-catalog'

/**
 * `node out/main/bench-annotate.js --images 200000 --dir /tmp/oiw-bench-annotate`: how long edits take on a
 * catalog of that size (each a durable synchronous=FULL commit that also moves every aggregate), against
 * the reference a design without incremental upkeep pays per edit: refreshing class_stats and the explore
 * tables. Also reading an image's detail with edits present. Prints one JSON line.
 */
const { values } = parseArgs({ options: { images: { type: 'string', default: '200000' }, dir: { type: 'string', default: '/tmp/oiw-bench-annotate' }, edits: { type: 'string', default: '300' } } })
const images = Number(values.images)
const editCount = Number(values.edits)
const file = join(values.dir!, `catalog-${images}.sqlite`)
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`)

const time = <T>(work: () => T): [T, number] => {
  const started = performance.now()
  const value = work()
  return [value, performance.now() - started]
}
const quantiles = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b)
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 100) / 100
  return { p50: at(0.5), p95: at(0.95), max: at(1) }
}

const fresh = !existsSync(file)
if (fresh) rmSync(`${file}-wal`, { force: true })
const db = openCatalog(file)
if (fresh) {
  log(`generating ${images} images…`)
  const [made, ms] = time(() => fillSyntheticCatalog(db, images))
  log(`${made.labels} labels, ${made.boxes} boxes in ${(ms / 1000).toFixed(1)} s`)
  db.pragma('wal_checkpoint(TRUNCATE)')
}
log('full refresh of the aggregates (the reference)…')
const [, classStatsMs] = time(() => db.transaction(() => refreshClassStats(db))())
const [, exploreMs] = time(() => db.transaction(() => refreshExploreStats(db))())
const service = new AnnotateService(db, null)
const rand = mulberry32(7)
const key = () => Math.floor(1 + rand() * images).toString(16).padStart(16, '0')
const code = () => `/m/0bench${Math.floor(1 + rand() * rand() * benchClasses).toString(36)}`
let request = Date.now()
const rid = () => `bench-${request++}`
const verdicts = ['present', 'absent', 'none'] as const

const measure = (work: () => unknown, n = editCount) => quantiles(Array.from({ length: n }, () => time(work)[1]))
log('timing edits…')
const label = measure(() => service.setLabels({ requestId: rid(), author: 'bench', edits: [{ imageId: key(), classCode: code(), verdict: verdicts[Math.floor(rand() * 3)]! }] }))
const created: Array<{ imageId: string; boxId: number }> = []
const createBox = measure(() => {
  const imageId = key()
  const x = rand() * 0.5
  const receipt = service.createBox({ requestId: rid(), author: 'bench', imageId, box: { classCode: code(), xMin: x, xMax: x + 0.2, yMin: 0.1, yMax: 0.5, isOccluded: 0, isTruncated: 0, isGroupOf: 0, isDepiction: 0, isInside: 0 } })
  created.push({ imageId, boxId: receipt.boxId! })
})
let at = 0
const moveBox = measure(() => {
  const { imageId, boxId } = created[at++ % created.length]!
  service.updateBox({ requestId: rid(), author: 'bench', imageId, boxId, patch: { xMin: rand() * 0.05, yMax: 0.6 + rand() * 0.3 } })
})
const lastEdit = db.prepare('SELECT max(id) FROM edits').pluck().get() as number
const revert = measure(() => {
  try {
    service.revert({ requestId: rid(), author: 'bench', editId: 1 + Math.floor(rand() * lastEdit) })
  } catch {
    // a revert of a move whose box a reverted create took away since: refused, and timed all the same
  }
}, 100)
// A rare class new to each run (the catalog is reused), so each of the 10,000 verdicts changes something.
const batchClass = `/m/0bench${(600 + Math.floor(mulberry32(request % 1_000_003)() * (benchClasses - 600))).toString(36)}`
const [batch, batchMs] = time(() =>
  service.setLabels({ requestId: rid(), author: 'bench', edits: Array.from({ length: 10_000 }, (_, i) => ({ imageId: (1 + i * Math.floor(images / 10_000)).toString(16).padStart(16, '0'), classCode: batchClass, verdict: 'absent' as const })) }),
)
const history = measure(() => service.history({ imageId: null, before: null, limit: 100 }), 50)
const detail = measure(() => getImageDetail(db, key()), 1000)
const referenceMs = classStatsMs + exploreMs
const result = {
  images,
  labels: db.prepare('SELECT count(*) FROM labels').pluck().get(),
  boxes: db.prepare('SELECT count(*) FROM boxes').pluck().get(),
  editsMs: { label, createBox, moveBox, revert },
  batch10kLabelsMs: Math.round(batchMs),
  batchEdits: batch.editIds.length,
  historyPageMs: history,
  imageDetailMs: detail,
  reference: { classStatsMs: Math.round(classStatsMs), exploreMs: Math.round(exploreMs) },
  ratio: Math.round(referenceMs / label.p50),
}
db.close()
process.stdout.write(`${JSON.stringify(result)}\n`)
