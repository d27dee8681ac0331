// The browse benchmark's dataset: 100,000 `<16-hex id>.jpg` files under `data/train/<hex>/<hex>/`, hardlinks to
// ~500 distinct JPEGs drawn with sharp (so 100k files cost 500 encodes), plus human labels over 600 classes,
// the class descriptions and some boxes. Then `oiw index` into `<dir>/ws`, kept between runs.
// Layout: <dir>/sources/*.jpg, <dir>/data/{train/…, *.csv}, <dir>/manifest.json (written last),
// <dir>/ws (the workspace), <dir>/index.json (what indexed it), <dir>/home (OIW_HOME for the CLI).
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import sharp from 'sharp'
import { runMeasured } from '../ingest/measure.mjs'
import { below, csvField, sortedHexIds, stream, zipf } from '../ingest/random.mjs'

export const generatorVersion = 1
export const defaultSeed = 20180902
const repo = resolve(import.meta.dirname, '..', '..')
const csvNames = ['class-descriptions.csv', 'train_human_labels.csv', 'train_bounding_boxes.csv']

/** Where image `id` lives under data/: two levels of one hex character each (256 folders of ~390 files). */
export const imagePath = (id) => join('train', id[0], id[1], `${id}.jpg`)

const colour = (rand) => `#${[0, 0, 0].map(() => below(rand, 256).toString(16).padStart(2, '0')).join('')}`

/** An SVG of w×h: a two-colour gradient at a random angle under 3-8 shapes (circles, rectangles, triangles). */
function drawing(rand, w, h) {
  const shapes = []
  for (let k = 3 + below(rand, 6); k > 0; k--) {
    const x = below(rand, w)
    const y = below(rand, h)
    const size = 20 + below(rand, Math.min(w, h) / 2)
    const style = `fill="${colour(rand)}" fill-opacity="${(0.4 + rand() * 0.6).toFixed(2)}"`
    const kind = below(rand, 3)
    if (kind === 0) shapes.push(`<circle cx="${x}" cy="${y}" r="${size / 2}" ${style}/>`)
    else if (kind === 1) shapes.push(`<rect x="${x - size / 2}" y="${y - size / 3}" width="${size}" height="${(size * 2) / 3}" ${style}/>`)
    else shapes.push(`<polygon points="${x},${y - size / 2} ${x + size / 2},${y + size / 2} ${x - size / 2},${y + size / 2}" ${style}/>`)
  }
  const angle = below(rand, 360)
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs>` +
    `<linearGradient id="g" gradientTransform="rotate(${angle} 0.5 0.5)"><stop offset="0" stop-color="${colour(rand)}"/>` +
    `<stop offset="1" stop-color="${colour(rand)}"/></linearGradient></defs><rect width="${w}" height="${h}" fill="url(#g)"/>` +
    `${shapes.join('')}</svg>`
}

/** Encodes `count` distinct JPEGs (320-640 px each side, quality 80) into `dir`, a few at a time. */
async function writeSources(seed, dir, count) {
  mkdirSync(dir, { recursive: true })
  const rand = stream(seed, 'sources')
  const svgs = Array.from({ length: count }, () => {
    const w = 320 + below(rand, 321)
    const h = 320 + below(rand, 321)
    return drawing(rand, w, h)
  })
  const names = svgs.map((_, i) => `source-${String(i).padStart(4, '0')}.jpg`)
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      await sharp(Buffer.from(svgs[i])).jpeg({ quality: 80 }).toFile(join(dir, names[i]))
    }
  }
  await Promise.all(Array.from({ length: 4 }, worker))
  return names
}

const syllables = 'ka lo mi ne ru sa to vi ba de fo gu hi ja ke li mo nu pa ra se ti vo wa yo zu'.split(' ')
const base36 = '0123456789abcdefghijklmnopqrstuvwxyz'

/** `count` distinct class codes (/m/0xxxxx) with made-up names, index 0 the most frequent. */
function classList(seed, count) {
  const rand = stream(seed, 'classes')
  const codes = new Set()
  while (codes.size < count) codes.add(`/m/0${Array.from({ length: 5 }, () => base36[below(rand, 36)]).join('')}`)
  return [...codes].map((code) => {
    const words = Array.from({ length: 1 + below(rand, 2) }, () => syllables[below(rand, syllables.length)] + syllables[below(rand, syllables.length)])
    const name = words.join(' ')
    return { code, name: name[0].toUpperCase() + name.slice(1) }
  })
}

const coordinate = (v) => v.toFixed(6)

/** The three CSVs: 2-6 human labels per image (Zipf over the classes, 75% positive), boxes on ~40% of images. */
function writeCsvs(seed, dataDir, ids, classes) {
  const rand = stream(seed, 'labels')
  const draw = zipf(rand, classes.length, 1.1, 2)
  const labels = ['ImageID,Source,LabelName,Confidence']
  const boxes = ['ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside']
  for (const id of ids) {
    const chosen = new Set()
    const want = 2 + below(rand, 5)
    while (chosen.size < want) chosen.add(draw())
    const positives = []
    for (const c of chosen) {
      const positive = rand() < 0.75
      if (positive) positives.push(c)
      labels.push(`${id},verification,${classes[c].code},${positive ? 1 : 0}`)
    }
    if (positives.length === 0 || rand() >= 0.4) continue
    for (let k = 1 + below(rand, 4); k > 0; k--) {
      const c = positives[below(rand, positives.length)]
      const [x1, x2] = [rand(), rand()].sort((a, b) => a - b)
      const [y1, y2] = [rand(), rand()].sort((a, b) => a - b)
      const flags = Array.from({ length: 5 }, () => (rand() < 0.3 ? 1 : 0)).join(',')
      boxes.push(`${id},xclick,${classes[c].code},1,${coordinate(x1)},${coordinate(x2)},${coordinate(y1)},${coordinate(y2)},${flags}`)
    }
  }
  const descriptions = classes.map((c) => `${c.code},${csvField(c.name)}`).sort()
  writeFileSync(join(dataDir, 'class-descriptions.csv'), descriptions.join('\n') + '\n')
  writeFileSync(join(dataDir, 'train_human_labels.csv'), labels.join('\n') + '\n')
  writeFileSync(join(dataDir, 'train_bounding_boxes.csv'), boxes.join('\n') + '\n')
  return { humanLabels: labels.length - 1, boxes: boxes.length - 1 }
}

/** The manifest when it matches (version, seed, sizes) and the CSVs and a sample of the images are all there. */
function matchingManifest(dir, opts) {
  const path = join(dir, 'manifest.json')
  if (!existsSync(path)) return null
  const manifest = JSON.parse(readFileSync(path, 'utf8'))
  const same = ['version', 'seed', 'images', 'sources', 'classes'].every((key) => manifest[key] === opts[key])
  if (!same) return null
  const dataDir = join(dir, 'data')
  const csvIntact = Object.entries(manifest.files).every(([name, bytes]) => existsSync(join(dataDir, name)) && statSync(join(dataDir, name)).size === bytes)
  const step = Math.max(1, Math.floor(manifest.sample.length / 200))
  const imagesIntact = manifest.sample.filter((_, i) => i % step === 0).every((id) => existsSync(join(dataDir, imagePath(id))))
  return csvIntact && imagesIntact ? manifest : null
}

/** The dataset under `dir`: reused when its manifest matches, else made from scratch. Returns the manifest. */
export async function ensureDataset({ dir, seed = defaultSeed, images = 100_000, sources = 500, classes = 600, log = () => {} }) {
  const opts = { version: generatorVersion, seed, images, sources, classes }
  const reused = matchingManifest(dir, opts)
  if (reused) return { ...reused, dataDir: join(dir, 'data'), reused: true }
  const started = performance.now()
  rmSync(join(dir, 'manifest.json'), { force: true })
  for (const sub of ['data', 'sources', 'ws', 'index.json']) rmSync(join(dir, sub), { recursive: true, force: true })
  const dataDir = join(dir, 'data')
  const sourceDir = join(dir, 'sources')
  const names = await writeSources(seed, sourceDir, sources)
  const encodeSeconds = (performance.now() - started) / 1000
  log(`${sources} source JPEGs in ${encodeSeconds.toFixed(1)} s`)
  const ids = sortedHexIds(stream(seed, 'image-ids'), images, 16)
  const pick = stream(seed, 'pick-source')
  const made = new Set()
  for (const id of ids) {
    const folder = join(dataDir, 'train', id[0], id[1])
    if (!made.has(folder)) mkdirSync(folder, { recursive: true })
    made.add(folder)
    linkSync(join(sourceDir, names[below(pick, names.length)]), join(dataDir, imagePath(id)))
  }
  const linkSeconds = (performance.now() - started) / 1000 - encodeSeconds
  log(`${images.toLocaleString('en-US')} hardlinks in ${linkSeconds.toFixed(1)} s`)
  const counts = { images, ...writeCsvs(seed, dataDir, ids, classList(seed, classes)) }
  const files = Object.fromEntries(csvNames.map((name) => [name, statSync(join(dataDir, name)).size]))
  const sourceBytes = names.reduce((sum, name) => sum + statSync(join(sourceDir, name)).size, 0)
  const manifest = {
    generator: 'oiw-bench-browse', ...opts, counts, files, sourceBytes,
    sample: ids.filter((_, i) => i % 100 === 0),
    generatedAt: new Date().toISOString(),
    generationSeconds: { encode: encodeSeconds, link: linkSeconds, total: (performance.now() - started) / 1000 },
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n')
  return { ...manifest, dataDir, reused: false }
}

/** Throws a clear message unless the CLI has been built. */
export function checkBuilt() {
  const cli = join(repo, 'out', 'main', 'cli.js')
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`)
  if (!existsSync(join(repo, 'out', 'renderer', 'index.html'))) throw new Error('out/renderer/index.html is missing: run `npm run build` first')
  return { cliBuiltAt: new Date(statSync(cli).mtimeMs).toISOString(), rendererBuiltAt: new Date(statSync(join(repo, 'out', 'renderer', 'index.html')).mtimeMs).toISOString() }
}

/**
 * The workspace `<dir>/ws` indexed from this dataset: reused when `<dir>/index.json` names the same
 * dataset (generatedAt), else made afresh with `oiw index <data> --workspace <ws> --json`.
 */
export async function ensureIndex({ dir, dataset, env, log = () => {} }) {
  const workspace = join(dir, 'ws')
  const stampFile = join(dir, 'index.json')
  if (existsSync(stampFile) && existsSync(join(workspace, 'catalog.sqlite'))) {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'))
    if (stamp.datasetGeneratedAt === dataset.generatedAt) return { ...stamp, workspace, reused: true }
  }
  rmSync(workspace, { recursive: true, force: true })
  rmSync(stampFile, { force: true })
  log(`oiw index ${dataset.dataDir} --workspace ${workspace} --json`)
  const run = await runMeasured(process.execPath, [join(repo, 'bin', 'oiw.js'), 'index', dataset.dataDir, '--workspace', workspace, '--json'], { cwd: repo, env })
  if (run.code !== 0) throw new Error(`oiw index exited with ${run.code}: ${run.stderr.trim().slice(-2000)}`)
  const report = JSON.parse(run.stdout.trim().split('\n').at(-1))
  if (report.imagesOnDisk !== dataset.counts.images) {
    throw new Error(`oiw index found ${report.imagesOnDisk} images on disk, expected ${dataset.counts.images}`)
  }
  const stamp = {
    datasetGeneratedAt: dataset.generatedAt,
    seconds: run.seconds,
    maxRssBytes: run.maxRssBytes,
    imagesOnDisk: report.imagesOnDisk,
    classesKnown: report.classesKnown,
    files: report.files.map((f) => ({ file: f.file, rows: f.rows, skipped: f.skipped, seconds: f.seconds })),
  }
  writeFileSync(stampFile, JSON.stringify(stamp, null, 2) + '\n')
  return { ...stamp, workspace, reused: false }
}
