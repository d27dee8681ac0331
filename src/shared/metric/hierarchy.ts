/**
 * Scores that respect the class hierarchy: an image that shows a class also shows every ancestor of it (a
 * "Sedan" is a "Car" is a "Vehicle"), so an ancestor should never score below its descendants. Raising
 * ancestors makes label sets consistent and gives a parent the evidence its children found. Pure.
 */
import type { ImageScores, ImageTruth } from './thresholds'

/**
 * Each row with every ancestor of its classes (transitively through `parents`, class → parent codes) raised
 * to at least the highest score among its descendants in that row; ancestors missing from the row are added
 * after its own entries. Cycles in `parents` are guarded: a class is never its own ancestor.
 */
export function consistentScores(scores: ImageScores, parents: ReadonlyMap<string, readonly string[]>): ImageScores {
  const consistent = consistentRow(parents)
  return new Map([...scores].map(([image, row]) => [image, consistent(row)]))
}

/** `consistentScores` for one row at a time (an export's rows, read as they are written); the ancestors are looked up once per class. */
export function consistentRow(parents: ReadonlyMap<string, readonly string[]>): (row: ReadonlyArray<readonly [string, number]>) => Array<readonly [string, number]> {
  const ancestors = ancestorLookup(parents)
  return (row) => {
    const best = new Map<string, number>()
    for (const [code, score] of row) best.set(code, Math.max(best.get(code) ?? -Infinity, score))
    for (const [code, score] of row) {
      for (const ancestor of ancestors(code)) best.set(ancestor, Math.max(best.get(ancestor) ?? -Infinity, score))
    }
    const own = new Set<string>()
    const out: Array<readonly [string, number]> = []
    for (const [code] of row) {
      if (own.has(code)) continue
      own.add(code)
      out.push([code, best.get(code)!])
    }
    for (const [code, score] of best) if (!own.has(code)) out.push([code, score])
    return out
  }
}

/** Share of the labels of a class with a parent whose image is also labelled with a parent (at least one) of it. */
export const minHierarchyAgreement = 0.8

/**
 * Whether a set of labels follows the hierarchy: among the labels of classes that have a parent, how many
 * come with one of their parents labelled too. Open Images' human labels name an ancestor only now and then,
 * so consistent scores (which give every ancestor its descendants' score) help only where the truth does.
 */
export function hierarchyAgreement(truth: ImageTruth, parents: ReadonlyMap<string, readonly string[]>): { labelsWithParent: number; share: number } {
  let labelsWithParent = 0
  let followed = 0
  for (const labels of truth.values()) {
    const present = new Set(labels)
    for (const code of present) {
      const own = parents.get(code)
      if (!own || own.length === 0) continue
      labelsWithParent++
      if (own.some((parent) => present.has(parent))) followed++
    }
  }
  return { labelsWithParent, share: labelsWithParent === 0 ? 0 : followed / labelsWithParent }
}

/** A memoised class → all its ancestors (itself excluded), by a depth-first walk that visits each class once. */
function ancestorLookup(parents: ReadonlyMap<string, readonly string[]>): (code: string) => readonly string[] {
  const memo = new Map<string, readonly string[]>()
  return (code) => {
    let found = memo.get(code)
    if (found !== undefined) return found
    const seen = new Set<string>([code])
    const stack = [...(parents.get(code) ?? [])]
    const list: string[] = []
    while (stack.length > 0) {
      const next = stack.pop()!
      if (seen.has(next)) continue
      seen.add(next)
      list.push(next)
      stack.push(...(parents.get(next) ?? []))
    }
    found = list
    memo.set(code, found)
    return found
  }
}
