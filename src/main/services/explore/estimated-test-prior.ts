import type { EstimatedTestPrior, Shift } from '../../../shared/api/stats'
import { ApiError } from '../../../shared/errors'
import type { Db } from '../../db/connection'
import { estimatedTestPriorRevision } from '../../db/queries/explore/estimated-test-prior'
import { estimateTestPrior, type TestPriorEstimate } from '../evaluation/test-prior'

interface Cached {
  prior: EstimatedTestPrior
  shares: Map<string, number>
}

/** Sets whose estimate is kept (each holds a share per class the set scores). */
const keptSets = 4

/**
 * The shift view's estimated test prior for a prediction set, cached per set and import (the estimate reads
 * the set's scores of every test image once: seconds at 100 k images). A set that cannot be estimated
 * (`bad-input`: it scores no tuning image or no other test image) gives the reason instead. `estimate` is
 * estimateTestPrior but for tests.
 */
export function estimatedTestPriors(db: Db, estimate = estimateTestPrior): (shift: Shift) => Shift {
  const cache = new Map<string, { revision: string; value: Cached }>()
  const cached = (setName: string): Cached | null => {
    const revision = estimatedTestPriorRevision(db, setName)
    if (revision === null) return null
    const kept = cache.get(setName)
    if (kept?.revision === revision) return kept.value
    const value = estimateFor(() => estimate(db, setName))
    cache.delete(setName)
    if (cache.size >= keptSets) cache.delete(cache.keys().next().value!)
    cache.set(setName, { revision, value })
    return value
  }
  return (shift) => {
    if (shift.against === 'tuning') return shift
    const found = cached(shift.against)
    if (!found) return shift
    return {
      ...shift,
      estimatedTestPrior: found.prior,
      rows: shift.rows.map((row) => {
        const share = found.shares.get(row.code)
        return share === undefined ? row : { ...row, estimatedTestShare: share }
      }),
    }
  }
}

function estimateFor(estimate: () => TestPriorEstimate): Cached {
  try {
    const e = estimate()
    return {
      prior: { estimated: true, testImages: e.testImages, tuningImages: e.tuningImages, labelsPerImage: e.labelsPerImage },
      shares: new Map([...e.classes].map(([code, p]) => [code, p.estimatedTest])),
    }
  } catch (error) {
    if (error instanceof ApiError && error.code === 'bad-input') return { prior: { estimated: false, reason: error.message }, shares: new Map() }
    throw error
  }
}
