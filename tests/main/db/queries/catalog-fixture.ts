import { join } from 'node:path'
import { openCatalog, type Db } from '../../../../src/main/db/connection'
import { tempDir } from '../../../helpers/temp-dir'

export interface FixtureImage {
  id: number
  key: string
  split: string
  rootId: number | null
  path: string | null
}
export interface FixtureLabel {
  imageId: number
  classId: number
  source: number
  confidence: number
}
export interface FixtureBox {
  imageId: number
  classId: number
}
export interface FixtureClass {
  id: number
  code: string
  name: string
  described: boolean
}

export interface CatalogFixture {
  db: Db
  classes: FixtureClass[]
  /** parent → subcategory children (parts are left out: they are not kinds of the parent). */
  subcategories: Map<number, number[]>
  roots: Map<number, string>
  images: FixtureImage[]
  labels: FixtureLabel[]
  boxes: FixtureBox[]
  close(): void
}

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Subcategory edges, 4 levels below class 1 and wide below class 4; class 22 is a *part* of 1 (so
 * neither it nor its subcategory 23 is below 1). 24 has 90 subcategories (26–115): too many ranges to
 * merge for some filters. 25 is a code no description names.
 */
const subcategoryEdges: Array<[number, number]> = [
  [1, 2], [1, 3], [1, 4], [2, 5], [2, 6], [2, 7], [3, 8], [3, 9], [5, 10], [5, 11], [10, 12],
  ...[13, 14, 15, 16, 17, 18, 19, 20, 21].map((child): [number, number] => [4, child]),
  [22, 23],
  ...Array.from({ length: 90 }, (_, i): [number, number] => [24, 26 + i]),
]
const names = ['Animal', 'Mammal', 'Bird', 'Vehicle', 'Cat', 'Dog', 'Horse', 'Eagle', 'Owl', 'Lion', 'Tiger', 'Cub',
  'Car', 'Bus', 'Truck', 'Van', 'Taxi', 'Tram', 'Bicycle', 'Scooter', 'Ambulance', 'Wheel', 'Spoke', 'Caterpillar 100%_x', '']

/**
 * A catalog built with INSERT statements (independent of the importer): ~400 images with random
 * human, machine and tuning labels and boxes, skewed towards a few classes, some images without
 * labels, some without files. Machine labels of class 6 take arbitrary confidences (too many distinct
 * values to merge), including ones that print with an exponent.
 */
export function buildCatalog(seed = 7, imageCount = 400): CatalogFixture {
  const { dir, remove } = tempDir('oiw-queries-')
  const db = openCatalog(join(dir, 'catalog.sqlite'))
  const random = prng(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const skewedClass = (): number => (random() < 0.1 ? 26 + Math.floor(random() * 90) : Math.min(25, 1 + Math.floor(25 * random() ** 2.2)))
  const classes: FixtureClass[] = [...names, ...Array.from({ length: 90 }, (_, i) => `Larva ${i + 1}`)].map((name, i) => ({
    id: i + 1,
    code: `/m/0t${(i + 1).toString(36)}`,
    name,
    described: i + 1 !== 25,
  }))
  const roots = new Map([[1, join(dir, 'store-a')], [2, join(dir, 'store-b')]])
  const images: FixtureImage[] = []
  const labels = new Map<string, FixtureLabel>()
  const boxes: FixtureBox[] = []
  for (let id = 1; id <= imageCount; id++) {
    const split = pick(['train', 'train', 'train', 'validation', 'test', 'tuning'])
    const onDisk = random() < 0.75
    const rootId = onDisk ? pick([1, 2]) : random() < 0.1 ? 1 : null
    images.push({ id, key: id.toString(16).padStart(16, '0'), split, rootId, path: onDisk ? `train/${id % 7}/${id}.jpg` : null })
    if (random() < 0.08) continue
    const add = (classId: number, source: number, confidence: number): void => {
      labels.set(`${id}:${classId}:${source}`, { imageId: id, classId, source, confidence })
    }
    for (let k = Math.floor(random() * 5); k > 0; k--) add(skewedClass(), random() < 0.75 ? 1 : 2, random() < 0.7 ? 1 : 0)
    for (let k = Math.floor(random() * 6); k > 0; k--) {
      const classId = skewedClass()
      add(classId, 3, classId === 6 ? pick([random(), 1e-7, 5e-324, 0.5]) : Math.round(random() * 10) / 10)
    }
    if (split === 'tuning') for (let k = Math.floor(random() * 3); k > 0; k--) add(skewedClass(), 4, 1)
    for (let k = Math.floor(random() * 4); k > 0; k--) {
      const classId = skewedClass()
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) boxes.push({ imageId: id, classId })
    }
  }
  db.transaction(() => {
    const insertClass = db.prepare('INSERT INTO classes (id, code, name, described) VALUES (?, ?, ?, ?)')
    for (const c of classes) insertClass.run(c.id, c.code, c.name, c.described ? 1 : 0)
    const insertEdge = db.prepare('INSERT INTO class_edges (parent_id, child_id, kind) VALUES (?, ?, ?)')
    for (const [parent, child] of subcategoryEdges) insertEdge.run(parent, child, 'subcategory')
    insertEdge.run(1, 22, 'part')
    for (const [id, path] of roots) db.prepare('INSERT INTO image_roots (id, path) VALUES (?, ?)').run(id, path)
    const insertImage = db.prepare('INSERT INTO images (id, image_key, split, root_id, path) VALUES (?, ?, ?, ?, ?)')
    for (const i of images) insertImage.run(i.id, i.key, i.split, i.rootId, i.path)
    const insertLabel = db.prepare('INSERT INTO labels (image_id, class_id, source, confidence) VALUES (?, ?, ?, ?)')
    for (const l of labels.values()) insertLabel.run(l.imageId, l.classId, l.source, l.confidence)
    db.prepare("INSERT INTO box_sources (id, name) VALUES (1, 'xclick'), (2, 'activemil')").run()
    const insertBox = db.prepare(
      `INSERT INTO boxes (image_id, class_id, source_id, confidence, x_min, x_max, y_min, y_max,
         is_occluded, is_truncated, is_group_of, is_depiction, is_inside) VALUES (?, ?, ?, 1, 0.1, 0.5, 0.2, 0.6, 0, 1, 0, -1, 0)`,
    )
    for (const b of boxes) insertBox.run(b.imageId, b.classId, 1 + (b.imageId % 2))
  })()
  const subcategories = new Map<number, number[]>()
  for (const [parent, child] of subcategoryEdges) subcategories.set(parent, [...(subcategories.get(parent) ?? []), child])
  return {
    db,
    classes,
    subcategories,
    roots,
    images,
    labels: [...labels.values()],
    boxes,
    close: () => {
      db.close()
      remove()
    },
  }
}
