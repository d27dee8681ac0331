import type { Parameters } from 'fast-check'

/**
 * fast-check settings for the fuzz tests. In `npm test` the cases are the same every run (a fixed
 * seed: a landing is never blocked by a case first drawn that day); `npm run fuzz` draws new ones,
 * many more (OIW_FUZZ_SEED=random, OIW_FUZZ_RUNS). A failure prints its seed and path: set
 * OIW_FUZZ_SEED to that seed to replay it.
 */
export function fuzzOptions<T>(runs = 60): Parameters<T> {
  const seedText = process.env.OIW_FUZZ_SEED ?? '20261207'
  const seed = seedText === 'random' ? Date.now() ^ (Math.random() * 0x7fffffff) : Number(seedText)
  const numRuns = Math.round(runs * Number(process.env.OIW_FUZZ_RUNS_FACTOR ?? '1'))
  return { seed, numRuns, endOnFailure: true }
}

/** A fuzz test's time limit: the unit project's 30 s, times the runs factor. */
export function fuzzTimeout(seconds = 30): number {
  return Math.max(1, Number(process.env.OIW_FUZZ_RUNS_FACTOR ?? '1')) * seconds * 1000
}
