/**
 * Statistics comparing two distributions over the same items (classes): pure functions shared by
 * the server's stats and any client that wants to recompute them.
 */

/** 1-based ranks of the values, ascending; tied values share the average of their ranks. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!)
  const ranks = new Array<number>(values.length).fill(0)
  for (let start = 0; start < order.length; ) {
    let end = start + 1
    while (end < order.length && values[order[end]!] === values[order[start]!]) end++
    const rank = (start + 1 + end) / 2
    for (let k = start; k < end; k++) ranks[order[k]!] = rank
    start = end
  }
  return ranks
}

/**
 * Spearman's rank correlation of paired samples: Pearson's correlation of their average ranks, so
 * ties are handled exactly. NaN with fewer than two pairs or when either side is constant.
 */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new RangeError('spearman needs samples of equal length')
  const n = x.length
  if (n < 2) return Number.NaN
  const rx = averageRanks(x)
  const ry = averageRanks(y)
  const mean = (n + 1) / 2
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    const dx = rx[i]! - mean
    const dy = ry[i]! - mean
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy)
}

/**
 * Jensen–Shannon divergence in bits (0 for equal distributions, 1 for disjoint ones) of two
 * non-negative weight vectors, each normalized to sum 1 first. 0 when either is all zero.
 */
export function jensenShannon(p: readonly number[], q: readonly number[]): number {
  if (p.length !== q.length) throw new RangeError('jensenShannon needs vectors of equal length')
  const sp = p.reduce((a, b) => a + b, 0)
  const sq = q.reduce((a, b) => a + b, 0)
  if (sp <= 0 || sq <= 0) return 0
  let divergence = 0
  for (let i = 0; i < p.length; i++) {
    const a = p[i]! / sp
    const b = q[i]! / sq
    const m = (a + b) / 2
    if (a > 0) divergence += (a / 2) * Math.log2(a / m)
    if (b > 0) divergence += (b / 2) * Math.log2(b / m)
  }
  return Math.min(1, Math.max(0, divergence))
}
