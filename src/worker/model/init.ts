/**
 * Deterministic weight initialisation: every weight draws from its own stream, seeded by the model's seed
 * and the weight's name, so a weight's initial values do not depend on what else the model holds (a new
 * head with the same seed is the same head).
 */

/** A 32-bit seed from the model seed and a weight name (FNV-1a over both). */
export function weightSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0)
  h = Math.imul(h, 0x01000193)
  h ^= Math.floor(seed / 2 ** 32) >>> 0
  h = Math.imul(h, 0x01000193)
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** Uniform floats in [0, 1) from mulberry32. */
export function uniformStream(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `count` draws from N(0, std²) (Box–Muller). */
export function normalValues(count: number, std: number, seed: number): Float32Array {
  const next = uniformStream(seed)
  const out = new Float32Array(count)
  for (let i = 0; i < count; i += 2) {
    const radius = std * Math.sqrt(-2 * Math.log(1 - next()))
    const angle = 2 * Math.PI * next()
    out[i] = radius * Math.cos(angle)
    if (i + 1 < count) out[i + 1] = radius * Math.sin(angle)
  }
  return out
}

/** `count` draws from U(−bound, bound). */
export function uniformValues(count: number, bound: number, seed: number): Float32Array {
  const next = uniformStream(seed)
  const out = new Float32Array(count)
  for (let i = 0; i < count; i++) out[i] = (2 * next() - 1) * bound
  return out
}
