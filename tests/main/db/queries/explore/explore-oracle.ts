import type { CatalogFixture } from '../catalog-fixture'
import { expectedStats } from '../oracle'

/** Brute-force answers of the explore queries, straight from the fixture's label list. */
export interface ExploreOracle {
  /** image → its human-positive classes. */
  positives: Map<number, Set<number>>
  humanImages: Set<number>
  n: number
  stats: Map<number, number[]>
  /** Classes by rank: human-positive images desc, name, id. */
  ranked: number[]
  pair(a: number, b: number): number
  machineAtOrAbove(classId: number, band: number): number
  agreement(classId: number): Array<{ band: number; verifiedPresent: number; verifiedAbsent: number }>
  tuningPerImage: Map<number, number>
}

const band = (c: number): number => Math.max(0, Math.min(9, Math.floor(c * 10)))

/** Builds the oracle for a fixture. */
export function exploreOracle(f: CatalogFixture): ExploreOracle {
  const positives = new Map<number, Set<number>>()
  const humanImages = new Set<number>()
  for (const l of f.labels.filter((l) => l.source <= 2)) {
    humanImages.add(l.imageId)
    if (!positives.has(l.imageId)) positives.set(l.imageId, new Set())
    if (l.confidence === 1) positives.get(l.imageId)!.add(l.classId)
  }
  const stats = expectedStats(f)
  const nameOf = (id: number): string => f.classes[id - 1]!.name
  const ranked = f.classes.map((c) => c.id).sort((a, b) => stats.get(b)![0]! - stats.get(a)![0]! || (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : a - b))
  const tuningPerImage = new Map<number, number>()
  for (const i of f.images.filter((i) => i.split === 'tuning')) tuningPerImage.set(i.id, 0)
  for (const l of f.labels.filter((l) => l.source === 4)) tuningPerImage.set(l.imageId, (tuningPerImage.get(l.imageId) ?? 0) + 1)
  return {
    positives,
    humanImages,
    n: [...positives.values()].filter((s) => s.size > 0).length,
    stats,
    ranked,
    pair: (a, b) => [...positives.values()].filter((s) => s.has(a) && s.has(b)).length,
    machineAtOrAbove: (classId, from) => f.labels.filter((l) => l.source === 3 && l.classId === classId && band(l.confidence) >= from).length,
    agreement: (classId) =>
      Array.from({ length: 10 }, (_, b) => {
        const machine = f.labels.filter((l) => l.source === 3 && l.classId === classId && band(l.confidence) === b)
        const verdicts = (m: { imageId: number }, c: number) => f.labels.some((h) => h.source <= 2 && h.imageId === m.imageId && h.classId === classId && h.confidence === c)
        return { band: b, verifiedPresent: machine.filter((m) => verdicts(m, 1)).length, verifiedAbsent: machine.filter((m) => verdicts(m, 0)).length }
      }),
    tuningPerImage,
  }
}
