import type { KnownErrors } from './known-errors'

/** A second prediction set made from the known-errors one, with what a comparison of the two must find. */
export interface KnownChanges {
  /** Set B's `image_id,label_code,score` rows. */
  rows: KnownErrors['rows']
  /** Person's code: missed on two images by A, scored right everywhere by B (better). */
  better: string
  /** The most frequent other tuning class: right everywhere in A, not scored by B on `dropped` (worse). */
  worse: string
  dropped: [string, string]
  /** The tuning image A scores and B leaves out (the first by id that A gets right). */
  onlyA: string
  /** The tuning image B scores and A leaves out (A's unscored one). */
  onlyB: string
}

/**
 * Set B, "after": A's rows (the known errors) with Person scored 0.9 where A missed it and its Tortoise
 * guesses gone, the `worse` class left out on two images that keep other true labels (so no row goes
 * empty), the first tuning image A gets right left out, and the one A leaves out scored right.
 */
export function knownChanges(truth: ReadonlyMap<string, readonly string[]>, known: KnownErrors): KnownChanges {
  const ids = [...truth.keys()].sort()
  const onlyA = ids.find((id) => id !== known.worst && id !== known.second)!
  const onlyB = known.unscored
  const special = new Set([known.worst, known.second, onlyA, onlyB])
  const counts = new Map<string, number>()
  for (const labels of truth.values()) for (const code of labels) if (code !== known.fn.code) counts.set(code, (counts.get(code) ?? 0) + 1)
  const code = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0]
  const dropped = ids.filter((id) => !special.has(id) && truth.get(id)!.length >= 2 && truth.get(id)!.includes(code)).slice(0, 2) as [string, string]
  const fixed = new Set([known.worst, known.second])
  const rows = known.rows.filter(([id, label]) => id !== onlyA && !(fixed.has(id) && label === known.fp.code) && !(dropped.includes(id) && label === code))
  for (const id of fixed) rows.push([id, known.fn.code, 0.9])
  for (const label of truth.get(onlyB)!) rows.push([onlyB, label, 0.9])
  return { rows, better: known.fn.code, worse: code, dropped, onlyA, onlyB }
}
