import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { once } from 'node:events'
import { parseArgs } from 'node:util'
import { mulberry32 } from '../../shared/prng'
import { refreshClassStats } from '../db/queries/class-stats'
import { refreshExploreStats } from '../db/queries/explore/refresh-explore'
import { planIndex } from '../services/catalog/index-plan'
import { runIndex } from '../services/catalog/run-index'
import { Workspace } from '../services/workspace/workspace'
import { benchClasses, fillSyntheticCatalog } from './synthetic-catalog'

/**
 * `node out/main/bench-soak-catalog.js --images 1740000 --dir /tmp/oiw-bench-soak`: the workspace
 * `npm run bench:soak` serves. A synthetic catalog at Open Images' densities (fillSyntheticCatalog), its
 * aggregates, 1,000 tuning images with their labels and a prediction set `soak` scoring them (10
 * classes each), both imported through the indexer, so the soak's clients browse, annotate and study
 * predictions. Reused when the folder already holds one of that size. Prints one JSON line.
 */
const { values } = parseArgs({ options: { images: { type: 'string', default: '1740000' }, dir: { type: 'string', default: '/tmp/oiw-bench-soak' } } })
const images = Number(values.images)
if (!Number.isInteger(images) || images < 1000) throw new Error(`--images: ${values.images} is not a whole number of at least 1,000`)
const dir = join(values.dir!, `workspace-${images}`)
const manifest = join(dir, 'soak.json')
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`)
const tuningImages = 1000
/** The tuning images' ids: 24 hex characters, as the challenge's test images have. */
const tuningImageKey = (i: number) => i.toString(16).padStart(24, 'f')

async function main(): Promise<void> {
if (existsSync(manifest)) {
  process.stdout.write(`${JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), dir, reused: true })}\n`)
} else {
  const started = performance.now()
  const workspace = Workspace.open(dir)
  try {
    log(`generating ${images.toLocaleString('en')} images…`)
    const made = fillSyntheticCatalog(workspace.db, images)
    log(`${made.labels.toLocaleString('en')} labels, ${made.boxes.toLocaleString('en')} boxes; aggregates…`)
    workspace.db.transaction(() => refreshClassStats(workspace.db))()
    workspace.db.transaction(() => refreshExploreStats(workspace.db))()
    // The study side, as in the challenge: 1,000 tuning images with their labels, scored by a model.
    const rand = mulberry32(3)
    const code = () => `/m/0bench${Math.floor(1 + rand() * rand() * benchClasses).toString(36)}`
    const tuning = join(values.dir!, `soak-tuning-${images}.csv`)
    const scores = join(values.dir!, `soak-scores-${images}.csv`)
    const tuningOut = createWriteStream(tuning)
    const scoresOut = createWriteStream(scores)
    scoresOut.write('image_id,label_code,score\n')
    for (let i = 1; i <= tuningImages; i++) {
      const key = tuningImageKey(i)
      const truth = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 4) }, code))]
      tuningOut.write(`${key},"${truth.join(' ')}"\n`)
      const scored = new Map<string, number>(truth.map((c) => [c, 0.3 + 0.7 * rand()]))
      while (scored.size < 10) scored.set(code(), 0.6 * rand())
      let rows = ''
      for (const [c, score] of scored) rows += `${key},${c},${score.toFixed(4)}\n`
      if (!scoresOut.write(rows)) await once(scoresOut, 'drain')
    }
    for (const out of [tuningOut, scoresOut]) {
      out.end()
      await once(out, 'finish')
    }
    const report = await runIndex(workspace.db, planIndex([`tuning-labels=${tuning}`], { scores: [`soak=${scores}`], scan: false }))
    workspace.db.pragma('wal_checkpoint(TRUNCATE)')
    const result = { images, labels: made.labels, boxes: made.boxes, tuningImages, predictions: report.files[1]!.rows, seconds: Math.round((performance.now() - started) / 100) / 10 }
    writeFileSync(manifest, JSON.stringify(result))
    process.stdout.write(`${JSON.stringify({ ...result, dir, reused: false })}\n`)
  } finally {
    workspace.close()
  }
}
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})
