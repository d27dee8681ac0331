import { sep } from 'node:path'
import type { Db } from '../../main/db/connection'
import { hashSeed } from '../../shared/prng'

/** One image a sample comes from: its catalog id, its key (Open Images ImageID) and its absolute file path. */
export interface SampleImage {
  id: number
  key: string
  file: string
}

/**
 * The candidates for training: split 'train' images with a file on disk, each in a dense slot.
 * Memory: about 16 MB per million images (slot per catalog id, id and hash per slot).
 */
export interface TrainingImages {
  /** Slot of a catalog image id, −1 when the image is not a candidate. */
  slotOfId: Int32Array
  ids: Uint32Array
  /** Stable hash of each slot's image key in [0, 1): below validationFraction → validation. */
  hashes: Float64Array
  count: number
}

/**
 * The image's place in the split: FNV-1a 32-bit of its key over 2^32. Depends on the key alone, so
 * every stage and every run (and the explore page, if it wants) puts an image on the same side.
 */
export function validationHash(imageKey: string): number {
  return hashSeed(imageKey) / 4294967296
}

/** Streams the training split's images with a file (one pass, no row objects kept). */
export function scanTrainingImages(db: Db): TrainingImages {
  const maxId = (db.prepare('SELECT max(id) FROM images').pluck().get() as number | null) ?? 0
  const slotOfId = new Int32Array(maxId + 1).fill(-1)
  const total = db.prepare("SELECT count(*) FROM images WHERE split = 'train'").pluck().get() as number
  const ids = new Uint32Array(total)
  const hashes = new Float64Array(total)
  let count = 0
  const rows = db.prepare("SELECT id, image_key FROM images WHERE split = 'train' AND path IS NOT NULL").raw()
  for (const [id, key] of rows.iterate() as Iterable<[number, string]>) {
    slotOfId[id] = count
    ids[count] = id
    hashes[count] = validationHash(key)
    count++
  }
  return { slotOfId, ids: ids.subarray(0, count), hashes: hashes.subarray(0, count), count }
}

/**
 * Splits the chosen slots by hash into training and validation, each in hash order and cut to its cap
 * (so a cap keeps the same first images whatever else changes).
 */
export function splitByHash(
  images: TrainingImages,
  chosen: (slot: number) => boolean,
  fraction: number,
  caps: { train?: number | undefined; validation?: number | undefined },
): { train: Uint32Array; validation: Uint32Array } {
  let trainCount = 0
  let validationCount = 0
  for (let slot = 0; slot < images.count; slot++) {
    if (!chosen(slot)) continue
    if (images.hashes[slot]! < fraction) validationCount++
    else trainCount++
  }
  const train = new Uint32Array(trainCount)
  const validation = new Uint32Array(validationCount)
  trainCount = validationCount = 0
  for (let slot = 0; slot < images.count; slot++) {
    if (!chosen(slot)) continue
    if (images.hashes[slot]! < fraction) validation[validationCount++] = slot
    else train[trainCount++] = slot
  }
  const { hashes, ids } = images
  const byHash = (a: number, b: number) => hashes[a]! - hashes[b]! || ids[a]! - ids[b]!
  train.sort(byHash)
  validation.sort(byHash)
  return {
    train: caps.train !== undefined ? train.subarray(0, caps.train) : train,
    validation: caps.validation !== undefined ? validation.subarray(0, caps.validation) : validation,
  }
}

/**
 * The key and absolute file of the slots in each list, in list order: one more pass over the images
 * (keys and paths are read only for the images kept). About 150–200 bytes per image returned.
 */
export function describeImages(db: Db, images: TrainingImages, lists: readonly Uint32Array[]): SampleImage[][] {
  // root + separator + relative path (path.join's normalization costs more than the rest of the pass)
  const roots = new Map(
    (db.prepare('SELECT id, path FROM image_roots').raw().all() as Array<[number, string]>).map(([id, path]) => [id, path.endsWith(sep) ? path : path + sep]),
  )
  // which list a slot is in, and where
  const listOf = new Int8Array(images.count).fill(-1)
  const indexOf = new Uint32Array(images.count)
  lists.forEach((list, l) => list.forEach((slot, i) => ((listOf[slot] = l), (indexOf[slot] = i))))
  const out = lists.map((list) => new Array<SampleImage>(list.length))
  const rows = db.prepare("SELECT id, image_key, root_id, path FROM images WHERE split = 'train' AND path IS NOT NULL").raw()
  for (const [id, key, rootId, path] of rows.iterate() as Iterable<[number, string, number | null, string]>) {
    const slot = images.slotOfId[id]!
    if (slot < 0 || listOf[slot] === -1) continue
    const root = rootId === null ? undefined : roots.get(rootId)
    out[listOf[slot]!]![indexOf[slot]!] = { id, key, file: root === undefined ? path : root + path }
  }
  return out
}
