import { BatchInsert } from '../../batch-insert'
import type { Db } from '../../connection'
import type { HumanPositiveLists } from './human-positive-lists'

/** At most this many (class, class) occurrences are counted in one Map before it is written out. */
const defaultPartitionSize = 3_000_000

/**
 * Rewrites class_pairs: for every two classes a ≠ b, the images whose human-positive labels name both,
 * in both directions. Counts in partitions of the first class (each bounded to `partitionSize` pair
 * occurrences, so the Map stays within ~200 MB at any scale), each written in key order so the inserts
 * append to the primary key. The caller holds the transaction.
 */
export function writeClassPairs(db: Db, lists: HumanPositiveLists, partitionSize = defaultPartitionSize): number {
  const { starts, flat, images } = lists
  const width = lists.maxClassId + 1
  const occurrences = new Float64Array(width)
  for (let i = 0; i < images; i++) {
    const k = starts[i + 1]! - starts[i]!
    for (let at = starts[i]!; at < starts[i + 1]!; at++) occurrences[flat[at]!]! += k - 1
  }
  const insert = new BatchInsert(db, 'class_pairs', ['a', 'b', 'images'])
  const row = [0, 0, 0]
  let written = 0
  for (let lo = 0; lo < width; ) {
    let hi = lo
    let size = 0
    while (hi < width && (hi === lo || size + occurrences[hi]! <= partitionSize)) size += occurrences[hi++]!
    const counts = countPartition(lists, lo, hi, width)
    const keys = Float64Array.from(counts.keys()).sort()
    for (const key of keys) {
      row[0] = Math.floor(key / width)
      row[1] = key % width
      row[2] = counts.get(key)!
      insert.addRow(row)
    }
    written += keys.length
    lo = hi
  }
  insert.flush()
  return written
}

/** Pair counts keyed by a × width + b for first classes a in [lo, hi). */
function countPartition({ starts, flat, images }: HumanPositiveLists, lo: number, hi: number, width: number): Map<number, number> {
  const counts = new Map<number, number>()
  for (let i = 0; i < images; i++) {
    const start = starts[i]!
    const end = starts[i + 1]!
    if (end - start < 2) continue
    for (let x = start; x < end; x++) {
      const a = flat[x]!
      if (a < lo) continue
      if (a >= hi) break
      const base = a * width
      for (let y = start; y < end; y++) {
        if (y === x) continue
        const key = base + flat[y]!
        counts.set(key, (counts.get(key) ?? 0) + 1)
      }
    }
  }
  return counts
}
