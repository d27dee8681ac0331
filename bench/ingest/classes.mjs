// The benchmark's class catalog: ~20,000 described codes in order of popularity (index 0 is the most
// frequent human label), which of them are trainable, boxable and machine-labelled, the 600-class hierarchy
// and the tuning labels. Everything is drawn from seeded streams (./random.mjs).
import { below, csvField, shuffle, sortedHexIds, stream, zipf } from './random.mjs'

export const classCounts = { described: 19_995, trainable: 7_178, boxable: 600, machine: 4_000 }
export const tuningShape = { images: 1_000, labels: 2_386, classes: 484 }
export const hierarchyRoot = '/m/0bl9f'

const base36 = '0123456789abcdefghijklmnopqrstuvwxyz'
const syllables = 'ka lo mi ne ru sa to vi ba de fo gu hi ja ke li mo nu pa qui ra se ti vo wa xe yo zu an el or'.split(' ')
const accents = ['é', 'ü', 'ñ', 'ø', 'â']

function code(rand) {
  if (rand() < 0.01) {
    let tail = ''
    for (let k = 0; k < 7; k++) tail += base36[below(rand, 36)]
    return `/g/11${tail}`
  }
  let tail = ''
  const length = 4 + below(rand, 3)
  for (let k = 0; k < length; k++) tail += rand() < 0.02 ? '_' : base36[below(rand, 36)]
  return `/m/0${tail}`
}

function word(rand) {
  let text = ''
  const parts = 1 + below(rand, 3)
  for (let k = 0; k < parts; k++) text += syllables[below(rand, syllables.length)]
  if (rand() < 0.01) text += accents[below(rand, accents.length)]
  return text
}

/** A display name: 1-3 words; ~3% carry a comma ("Fork, table"), ~0.3% a double quote. */
function className(rand) {
  const words = []
  const count = 1 + below(rand, 3)
  for (let k = 0; k < count; k++) words.push(word(rand))
  let name = words.join(' ')
  name = name[0].toUpperCase() + name.slice(1)
  const roll = rand()
  if (roll < 0.03) name += `, ${word(rand)}`
  else if (roll < 0.033) name += ` "${word(rand)}"`
  return name
}

/**
 * The class catalog. `codes[r]` is the class of human-label popularity rank r. Trainable: the top 7,178
 * ranks; boxable: 600 drawn from the top 8,000 (a few fall outside trainable); machine labels: 4,000 of
 * the trainable, kept in rank order so popular classes stay popular.
 */
export function buildClasses(seed) {
  const rand = stream(seed, 'classes')
  const seen = new Set()
  const codes = []
  while (codes.length < classCounts.described) {
    const c = code(rand)
    if (c === hierarchyRoot || seen.has(c)) continue
    seen.add(c)
    codes.push(c)
  }
  const names = codes.map(() => className(rand))
  const pickRanks = (from, count) => shuffle(rand, Array.from({ length: from }, (_, r) => r)).slice(0, count).sort((a, b) => a - b)
  const trainable = Array.from({ length: classCounts.trainable }, (_, r) => r)
  const boxable = pickRanks(8_000, classCounts.boxable)
  const machine = pickRanks(classCounts.trainable, classCounts.machine)
  return { codes, names, trainable, boxable, machine }
}

/** Lines of a two-column description file (no header), sorted by code as the real files are. */
export function descriptionLines(classes, ranks) {
  const rows = ranks.map((r) => `${classes.codes[r]},${csvField(classes.names[r])}`)
  return rows.sort().join('\n') + '\n'
}

export function trainableLines(classes) {
  return 'label_code\n' + classes.trainable.map((r) => classes.codes[r]).sort().join('\n') + '\n'
}

/**
 * bbox_labels_600_hierarchy.json: every boxable code once under Subcategory (up to 4 levels under the
 * root), and a few nodes with a Part list naming codes that also appear elsewhere, as in the real file.
 */
export function hierarchyJson(seed, classes) {
  const rand = stream(seed, 'hierarchy')
  const order = shuffle(rand, [...classes.boxable])
  const root = { LabelName: hierarchyRoot, Subcategory: [] }
  const placed = []
  for (const r of order) {
    const node = { LabelName: classes.codes[r], depth: 1 }
    const candidates = placed.length > 0 && rand() < 0.4 ? placed[below(rand, placed.length)] : null
    const parent = candidates && candidates.depth < 4 ? candidates : null
    if (parent) {
      node.depth = parent.depth + 1
      ;(parent.Subcategory ??= []).push(node)
    } else {
      root.Subcategory.push(node)
    }
    placed.push(node)
  }
  for (let k = 0; k < 8; k++) {
    const owner = placed[below(rand, placed.length)]
    const parts = new Set()
    const count = 2 + below(rand, 5)
    while (parts.size < count) parts.add(placed[below(rand, placed.length)].LabelName)
    parts.delete(owner.LabelName)
    owner.Part = [...parts].map((LabelName) => ({ LabelName }))
  }
  return JSON.stringify(root, (key, value) => (key === 'depth' ? undefined : value))
}

/**
 * tuning_labels.csv: 1,000 rows `id,"code code"` with 24-hex ids, exactly 2,386 labels over exactly
 * 484 trainable classes, no class twice in a row.
 */
export function tuningLines(seed, classes) {
  const rand = stream(seed, 'tuning')
  const pool = shuffle(rand, [...classes.trainable]).slice(0, tuningShape.classes).sort((a, b) => a - b)
  const draw = zipf(rand, pool.length, 1.1)
  const labels = [...pool]
  while (labels.length < tuningShape.labels) labels.push(pool[draw()])
  shuffle(rand, labels)
  const rows = Array.from({ length: tuningShape.images }, () => [])
  for (let i = 0; i < tuningShape.images; i++) rows[i].push(labels[i])
  for (let k = tuningShape.images; k < labels.length; k++) {
    let row = below(rand, rows.length)
    while (rows[row].includes(labels[k])) row = (row + 1) % rows.length
    rows[row].push(labels[k])
  }
  const ids = sortedHexIds(rand, tuningShape.images, 24)
  return ids.map((id, i) => `${id},"${rows[i].map((r) => classes.codes[r]).join(' ')}"`).join('\n') + '\n'
}
