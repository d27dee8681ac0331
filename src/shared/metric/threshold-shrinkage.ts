/**
 * Shrinking per-class thresholds toward a reference (empirical-Bayes style): a class fitted on few tuning
 * images gets a threshold that suits those images, not the test set; averaging it with its parent's or the
 * global threshold, weighted by support against a pseudo-count, trades that variance for a little bias.
 */

/**
 * Each class's threshold t with n truth images becomes (n·t + m·t_ref)/(n + m), m = `shrink`; t_ref is the
 * unshrunk threshold of the class's first parent that has one in `fitted.perClass`, else `fitted.global`.
 * Only classes in `fitted.perClass` change; m ≤ 0 returns a copy unchanged.
 */
export function shrinkThresholds(
  fitted: { global: number; perClass: ReadonlyMap<string, number> },
  support: ReadonlyMap<string, number>,
  shrink: number,
  parents?: ReadonlyMap<string, readonly string[]>,
): Map<string, number> {
  if (!(shrink > 0)) return new Map(fitted.perClass)
  const shrunk = new Map<string, number>()
  for (const [code, threshold] of fitted.perClass) {
    const n = support.get(code) ?? 0
    const parent = parents?.get(code)?.find((candidate) => candidate !== code && fitted.perClass.has(candidate))
    const reference = parent === undefined ? fitted.global : fitted.perClass.get(parent)!
    shrunk.set(code, (n * threshold + shrink * reference) / (n + shrink))
  }
  return shrunk
}
