import { useCallback, useState } from 'react'
import type { AnalysisSummary, PredictionSetInfo, TruthKind } from '../../shared/api/evaluation'
import { useApiValue, type ApiValue } from '../app/use-api-value'
import { defaultSet, defaultTruth } from './error-format'

/** What every paging call of one analysis passes: the set and the truth (the label policy is the server's default). */
export interface AnalysisKey {
  set: string
  truth: TruthKind
}

export interface ErrorAnalysisControl {
  sets: ApiValue<PredictionSetInfo[]>
  /** The set shown: the one picked, else the first that scores images with truth. */
  set: string | null
  choose: (name: string) => void
  /** The truth the set is analysed against: picked, else its tuning images when it scores some, else human labels. */
  truth: TruthKind
  chooseTruth: (truth: TruthKind) => void
  /** Set B, compared with the set shown class by class: picked, known and not the set shown; else null. */
  compareWith: string | null
  chooseCompareWith: (name: string | null) => void
  /** The analysis head of the set shown; null until it has arrived. */
  summary: ApiValue<AnalysisSummary>
  /** Set once the analysis exists on the server, so the tables' calls are served from its cache. */
  key: AnalysisKey | null
}

/**
 * The prediction sets, the analysis of the one picked, and the set it is compared with, if any. The first
 * analysis of a set takes seconds (thresholds are fitted with cross-validation); the tables ask only after
 * it has arrived.
 */
export function useErrorAnalysis(): ErrorAnalysisControl {
  const sets = useApiValue('evaluation.listSets', (client) => client.call('evaluation.listSets', {}), [])
  const [picked, setPicked] = useState<string | null>(null)
  const [pickedCompare, setPickedCompare] = useState<string | null>(null)
  const [pickedTruth, setPickedTruth] = useState<{ set: string | null; truth: TruthKind } | null>(null)
  const known = sets.value ?? []
  const set = picked !== null && known.some((s) => s.name === picked) ? picked : defaultSet(known)
  const compareWith = pickedCompare !== set && known.some((s) => s.name === pickedCompare) ? pickedCompare : null
  const truth = pickedTruth?.set === set ? pickedTruth.truth : defaultTruth(known.find((s) => s.name === set))
  const summary = useApiValue('evaluation.analyze', (client) => client.call('evaluation.analyze', { set: set ?? '', truth }), [set, truth], { enabled: set !== null })
  const choose = useCallback((name: string) => setPicked(name), [])
  const chooseCompareWith = useCallback((name: string | null) => setPickedCompare(name), [])
  const chooseTruth = useCallback((next: TruthKind) => setPickedTruth({ set, truth: next }), [set])
  const ready = set !== null && summary.value?.set === set && summary.value.truth === truth && !summary.loading
  return { sets, set, choose, truth, chooseTruth, compareWith, chooseCompareWith, summary, key: ready ? { set, truth } : null }
}
