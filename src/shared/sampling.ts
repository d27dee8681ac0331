/**
 * Class-balanced sampling: how much each class's images are weighted so that an epoch sees the
 * classes in the chosen proportions. One function, used by the explore page's preview and the trainer.
 */
export const samplingSchemes = ['none', 'inverse', 'sqrt', 'effective'] as const
export type SamplingScheme = (typeof samplingSchemes)[number]

/**
 * The weight of one image of a class with `count` images: 1 (none), 1/n (inverse frequency),
 * 1/√n (square root), or (1 − β) / (1 − βⁿ) (effective number of samples, Cui et al. 2019).
 */
export function classWeight(count: number, scheme: SamplingScheme, beta = 0.999): number {
  if (count <= 0) return 0
  switch (scheme) {
    case 'none':
      return 1
    case 'inverse':
      return 1 / count
    case 'sqrt':
      return 1 / Math.sqrt(count)
    case 'effective':
      return (1 - beta) / (1 - Math.pow(beta, count))
  }
}

/** Each class's expected share of an epoch's samples under a scheme: count × weight, normalized. */
export function expectedShares(counts: readonly number[], scheme: SamplingScheme, beta = 0.999): number[] {
  const mass = counts.map((n) => n * classWeight(n, scheme, beta))
  const total = mass.reduce((a, b) => a + b, 0)
  return mass.map((m) => (total > 0 ? m / total : 0))
}
