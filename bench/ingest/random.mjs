// Seeded draws for the ingest benchmark's dataset. Nothing here may call Math.random: the same seed must
// give byte-identical files on every machine.

/** mulberry32: a 32-bit PRNG returning floats in [0, 1) with 32 random bits. */
export function mulberry32(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An independent stream per purpose (`'human-labels'`, `'image-ids'`, …) derived from one seed (FNV-1a). */
export function stream(seed, purpose) {
  let hash = 0x811c9dc5
  for (const char of `${seed}\u0000${purpose}`) {
    hash ^= char.codePointAt(0)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return mulberry32(hash)
}

/** Eight lower-case hex characters. */
export function hex32(rand) {
  return ((rand() * 4294967296) >>> 0).toString(16).padStart(8, '0')
}

/** An integer in [0, n). */
export function below(rand, n) {
  return Math.floor(rand() * n)
}

/** Fisher–Yates, in place. */
export function shuffle(rand, items) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = below(rand, i + 1)
    const t = items[i]
    items[i] = items[j]
    items[j] = t
  }
  return items
}

/**
 * A Zipf–Mandelbrot sampler over ranks 0..n-1: P(r) ∝ 1 / (r + q)^s, except that the first ranks may get
 * fixed probabilities `head` (the "Person, Clothing" classes of the real data), the rest sharing what is
 * left. Returns a function giving a rank: a binary search over the cumulative table.
 */
export function zipf(rand, n, s, q = 1, head = []) {
  const weights = new Float64Array(n)
  let tailTotal = 0
  for (let r = head.length; r < n; r++) tailTotal += weights[r] = 1 / Math.pow(r + q, s)
  const headTotal = head.reduce((a, b) => a + b, 0)
  for (let r = head.length; r < n; r++) weights[r] *= (1 - headTotal) / tailTotal
  head.forEach((p, r) => (weights[r] = p))
  const cdf = new Float64Array(n)
  let total = 0
  for (let r = 0; r < n; r++) cdf[r] = total += weights[r]
  cdf[n - 1] = 1
  return () => {
    const u = rand()
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cdf[mid] > u) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}

/**
 * Rows per image summing to exactly `total`: every image gets `min`, the rest is shared in proportion to
 * long-tailed weights (exponential raised to `tail`), by cumulative rounding so nothing is lost.
 */
export function rowsPerImage(rand, images, total, { min = 0, tail = 1, max = 65535 } = {}) {
  const extra = total - min * images
  if (extra < 0) throw new RangeError(`cannot give ${images} images at least ${min} of ${total} rows`)
  const weights = new Float64Array(images)
  let sum = 0
  for (let i = 0; i < images; i++) {
    const w = Math.pow(-Math.log(1 - rand()), tail)
    weights[i] = w
    sum += w
  }
  const counts = new Uint16Array(images)
  let cumulative = 0
  let given = 0
  for (let i = 0; i < images; i++) {
    cumulative += weights[i]
    const upTo = i === images - 1 ? extra : Math.floor((extra * cumulative) / sum)
    const count = min + upTo - given
    if (count > max) throw new RangeError(`image ${i} would get ${count} rows (max ${max}); lower the tail`)
    counts[i] = count
    given = upTo
  }
  return counts
}

/** Sorted, unique random hex ids of `hexChars` (a multiple of 8) characters. */
export function sortedHexIds(rand, count, hexChars) {
  const ids = new Array(count)
  const make = () => {
    let id = ''
    for (let k = 0; k < hexChars; k += 8) id += hex32(rand)
    return id
  }
  for (let i = 0; i < count; i++) ids[i] = make()
  for (;;) {
    ids.sort()
    let duplicates = 0
    for (let i = 1; i < count; i++) {
      if (ids[i] === ids[i - 1]) {
        ids[i] = make()
        duplicates++
      }
    }
    if (duplicates === 0) return ids
  }
}

/** RFC 4180 quoting, only when needed (as the real files do). */
export function csvField(text) {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}
