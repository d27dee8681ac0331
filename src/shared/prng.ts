/**
 * mulberry32: a tiny 32-bit PRNG, for everything that must be identical for a given seed on every machine
 * (the demo data, the trainer's sample order and augmentations): none of it may call Math.random.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** FNV-1a over the parts' text: derives independent 32-bit seeds (per image, per purpose) from one user seed. */
export function hashSeed(...parts: ReadonlyArray<string | number>): number {
  let hash = 0x811c9dc5
  for (const char of parts.join('\u0000')) {
    hash ^= char.codePointAt(0) ?? 0
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

/** Convenience draws over one mulberry32 stream. */
export class Random {
  private readonly next: () => number

  constructor(seed: number) {
    this.next = mulberry32(seed)
  }

  /** A float in [0, 1). */
  unit(): number {
    return this.next()
  }

  /** A float in [min, max). */
  float(min: number, max: number): number {
    return min + (max - min) * this.next()
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor((max - min + 1) * this.next())
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p
  }

  /** Eight lower-case hex characters (32 random bits). */
  hex32(): string {
    return Math.floor(this.next() * 4294967296)
      .toString(16)
      .padStart(8, '0')
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list')
    return items[Math.floor(this.next() * items.length)]!
  }

  /** An index drawn with probability proportional to its weight. */
  weightedIndex(weights: readonly number[]): number {
    const total = weights.reduce((sum, w) => sum + w, 0)
    let target = this.next() * total
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i]!
      if (target < 0) return i
    }
    return weights.length - 1
  }

  /** Up to `count` distinct elements, in draw order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items]
    const chosen: T[] = []
    while (chosen.length < count && pool.length > 0) {
      chosen.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]!)
    }
    return chosen
  }
}
