// Generates (or reuses) the ingest benchmark's dataset: the Open Images V4 training files at the real
// scale (docs/formats.md), from a fixed seed. `node bench/ingest/generate.mjs --scale small`.
// Layout: <dir>/data/<the dataset files>, <dir>/manifest.json (written last), <dir>/class-weights.json.
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { buildClasses, classCounts, descriptionLines, hierarchyJson, trainableLines, tuningLines } from './classes.mjs'
import { rowsPerImage, sortedHexIds, stream, zipf } from './random.mjs'

export const generatorVersion = 3
export const defaultSeed = 20180901
const fullCounts = { images: 1_743_042, humanLabels: 8_036_467, machineLabels: 15_259_187, boxes: 14_610_229 }
/** Zipf–Mandelbrot shapes per file, tuned so a few classes pass 1 M images at full scale. */
const shapes = {
  human: { s: 1.1, q: 1.5, head: [0.25, 0.2, 0.17] },
  machine: { s: 1.6, q: 4, head: [0.12, 0.1, 0.08] },
  boxes: { s: 1.5, q: 2, head: [0.2, 0.1] },
}

export const bigFiles = ['train_human_labels.csv', 'train_machine_labels.csv', 'train_bounding_boxes.csv']

/** Row counts of a scale: `full` is the real thing, `small` a hundredth (class files stay full size). */
export function countsFor(scale) {
  if (scale === 'full') return { ...fullCounts }
  if (scale !== 'small') throw new Error(`--scale must be small or full, not ${scale}`)
  return Object.fromEntries(Object.entries(fullCounts).map(([key, n]) => [key, Math.floor(n / 100)]))
}

/** Writes chunks of text to a file, waiting for 'drain' when the stream's buffer is full. */
async function openWriter(path) {
  const out = createWriteStream(path, { highWaterMark: 1 << 22 })
  await once(out, 'open')
  return {
    async write(text) {
      if (!out.write(text)) await once(out, 'drain')
    },
    async close() {
      out.end()
      await once(out, 'finish')
    },
  }
}

/**
 * One big CSV: `emit(i)` returns image i's rows; rows are written in chunks of about 10,000 so strings
 * stay big and writes few.
 */
async function writeImageRows(path, header, images, emit) {
  const writer = await openWriter(path)
  let chunk = header
  let rowsInChunk = 0
  for (let i = 0; i < images; i++) {
    const [text, rows] = emit(i)
    chunk += text
    rowsInChunk += rows
    if (rowsInChunk >= 10_000) {
      await writer.write(chunk)
      chunk = ''
      rowsInChunk = 0
    }
  }
  await writer.write(chunk)
  await writer.close()
}

/** Draws a class not yet in `chosen` (rejection; popular classes get redrawn). */
function drawNew(draw, chosen) {
  for (;;) {
    const c = draw()
    if (!chosen.includes(c)) return c
  }
}

const machineConfidences = ['0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9', '1.0']

function labelFile(seed, purpose, ids, ranks, codes, total, perImage, row) {
  const rand = stream(seed, purpose)
  const counts = rowsPerImage(rand, ids.length, total, perImage)
  const { s, q, head } = shapes[purpose]
  const draw = zipf(rand, ranks.length, s, q, head)
  const imagesPerRank = new Uint32Array(codes.length)
  const chosen = []
  const emit = (i) => {
    const id = ids[i]
    const n = counts[i]
    chosen.length = 0
    let text = ''
    for (let k = 0; k < n; k++) {
      const c = drawNew(draw, chosen)
      chosen.push(c)
      const rank = ranks[c]
      imagesPerRank[rank]++
      text += row(rand, id, codes[rank], rank)
    }
    return [text, n]
  }
  return { emit, imagesPerRank }
}

/** Fixed-point text of a coordinate in millionths: 0.012500. */
const coordinate = (m) => (m >= 1_000_000 ? '1.000000' : `0.${String(1_000_000 + m).slice(1)}`)
const flag = (rand, p) => (rand() < 0.005 ? '-1' : rand() < p ? '1' : '0')

function boxFile(seed, ids, ranks, codes, total) {
  const rand = stream(seed, 'boxes')
  const counts = rowsPerImage(rand, ids.length, total, { min: 1, tail: 1.3 })
  const draw = zipf(rand, ranks.length, shapes.boxes.s, shapes.boxes.q, shapes.boxes.head)
  const imagesPerRank = new Uint32Array(codes.length)
  const boxesPerRank = new Uint32Array(codes.length)
  const chosen = []
  const emit = (i) => {
    const id = ids[i]
    const n = counts[i]
    chosen.length = 0
    let text = ''
    for (let k = 0; k < n; k++) {
      let c
      if (chosen.length > 0 && (rand() < 0.6 || chosen.length >= 40)) {
        c = chosen[Math.floor(rand() * chosen.length)]
      } else {
        c = drawNew(draw, chosen)
        chosen.push(c)
        imagesPerRank[ranks[c]]++
      }
      const rank = ranks[c]
      boxesPerRank[rank]++
      const x1 = Math.floor(rand() * 1_000_001)
      const x2 = Math.floor(rand() * 1_000_001)
      const y1 = Math.floor(rand() * 1_000_001)
      const y2 = Math.floor(rand() * 1_000_001)
      const xs = `${coordinate(Math.min(x1, x2))},${coordinate(Math.max(x1, x2))}`
      const ys = `${coordinate(Math.min(y1, y2))},${coordinate(Math.max(y1, y2))}`
      const flags =
        rand() < 0.1
          ? 'activemil,' + codes[rank] + ',1,' + xs + ',' + ys + ',-1,-1,-1,-1,-1\n'
          : 'xclick,' + codes[rank] + ',1,' + xs + ',' + ys + ',' + flag(rand, 0.45) + ',' + flag(rand, 0.25) + ',' +
            flag(rand, 0.06) + ',' + flag(rand, 0.05) + ',' + flag(rand, 0.01) + '\n'
      text += id + ',' + flags
    }
    return [text, n]
  }
  return { emit, imagesPerRank, boxesPerRank }
}

/** Shape of one file's class frequencies, for the manifest. */
function frequencyStats(codes, perRank) {
  const used = [...perRank].map((n, r) => [codes[r], n]).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])
  return {
    classes: used.length,
    top: used.slice(0, 5),
    over1M: used.filter(([, n]) => n > 1_000_000).length,
    over100k: used.filter(([, n]) => n > 100_000).length,
    under100: used.filter(([, n]) => n < 100).length,
  }
}

function manifestMatches(dir, seed, scale) {
  const path = join(dir, 'manifest.json')
  if (!existsSync(path)) return null
  const manifest = JSON.parse(readFileSync(path, 'utf8'))
  if (manifest.version !== generatorVersion || manifest.seed !== seed || manifest.scale !== scale) return null
  const intact = Object.entries(manifest.files).every(([name, bytes]) => {
    const file = join(dir, 'data', name)
    return existsSync(file) && statSync(file).size === bytes
  })
  return intact ? manifest : null
}

/**
 * The dataset for (scale, seed) under `dir`: reused when its manifest matches and every file has the
 * size recorded, else generated from scratch. Returns the manifest (`dataDir` added).
 */
export async function ensureDataset({ dir, scale, seed = defaultSeed, log = () => {} }) {
  const reused = manifestMatches(dir, seed, scale)
  if (reused) return { ...reused, dataDir: join(dir, 'data'), reused: true }
  const started = performance.now()
  const counts = countsFor(scale)
  const dataDir = join(dir, 'data')
  rmSync(join(dir, 'manifest.json'), { force: true })
  rmSync(dataDir, { recursive: true, force: true })
  mkdirSync(dataDir, { recursive: true })
  const classes = buildClasses(seed)
  const everyRank = classes.codes.map((_, r) => r)
  const put = (name, text) => writeFileSync(join(dataDir, name), text)
  put('class-descriptions.csv', descriptionLines(classes, everyRank))
  put('class-descriptions-boxable.csv', descriptionLines(classes, classes.boxable))
  put('classes-trainable.csv', trainableLines(classes))
  put('bbox_labels_600_hierarchy.json', hierarchyJson(seed, classes))
  put('tuning_labels.csv', tuningLines(seed, classes))
  const ids = sortedHexIds(stream(seed, 'image-ids'), counts.images, 16)
  log(`image ids: ${ids.length} in ${((performance.now() - started) / 1000).toFixed(1)} s`)

  const seconds = {}
  const timed = async (name, header, file) => {
    const t0 = performance.now()
    await writeImageRows(join(dataDir, name), header, ids.length, file.emit)
    seconds[name] = (performance.now() - t0) / 1000
    log(`${name}: ${seconds[name].toFixed(1)} s`)
    return file
  }
  const positivesPerRank = new Uint32Array(classes.codes.length)
  const human = await timed('train_human_labels.csv', 'ImageID,Source,LabelName,Confidence\n',
    labelFile(seed, 'human', ids, everyRank, classes.codes, counts.humanLabels, { min: 2, tail: 1 }, (rand, id, c, rank) => {
      const source = rand() < 0.12 ? ',crowdsource-verification,' : ',verification,'
      if (rand() >= 0.7) return id + source + c + ',0\n'
      positivesPerRank[rank]++
      return id + source + c + ',1\n'
    }))
  const machine = await timed('train_machine_labels.csv', 'ImageID,Source,LabelName,Confidence\n',
    labelFile(seed, 'machine', ids, classes.machine, classes.codes, counts.machineLabels, { min: 2, tail: 1 },
      (rand, id, c) => id + ',machine,' + c + ',' + machineConfidences[Math.floor(rand() * 10)] + '\n'))
  const boxes = await timed('train_bounding_boxes.csv',
    'ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside\n',
    boxFile(seed, ids, classes.boxable, classes.codes, counts.boxes))

  // Browse weights: images with a positive human label of the class, a stand-in for how often people look at it.
  const weights = [...positivesPerRank].map((n, r) => [classes.codes[r], n]).filter(([, n]) => n > 0)
  writeFileSync(join(dir, 'class-weights.json'), JSON.stringify(weights))
  const files = {}
  for (const name of [...bigFiles, 'class-descriptions.csv', 'class-descriptions-boxable.csv', 'classes-trainable.csv',
    'bbox_labels_600_hierarchy.json', 'tuning_labels.csv']) files[name] = statSync(join(dataDir, name)).size
  const manifest = {
    generator: 'oiw-bench-ingest', version: generatorVersion, seed, scale, counts, classCounts, files,
    totalBytes: Object.values(files).reduce((a, b) => a + b, 0),
    generatedAt: new Date().toISOString(),
    generationSeconds: { ...seconds, total: (performance.now() - started) / 1000 },
    frequencies: {
      humanImagesPerClass: frequencyStats(classes.codes, human.imagesPerRank),
      machineImagesPerClass: frequencyStats(classes.codes, machine.imagesPerRank),
      boxImagesPerClass: frequencyStats(classes.codes, boxes.imagesPerRank),
      boxesPerClass: frequencyStats(classes.codes, boxes.boxesPerRank),
    },
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n')
  return { ...manifest, dataDir, reused: false }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: 'small' }, dir: { type: 'string' }, seed: { type: 'string' } } })
  const scale = values.scale
  countsFor(scale)
  const dir = values.dir ?? `/tmp/oiw-bench-${scale}`
  const manifest = await ensureDataset({ dir, scale, seed: values.seed ? Number(values.seed) : defaultSeed, log: (line) => console.log(line) })
  console.log(JSON.stringify({ dir, reused: manifest.reused, totalBytes: manifest.totalBytes, generationSeconds: manifest.generationSeconds, frequencies: manifest.frequencies }, null, 2))
}
