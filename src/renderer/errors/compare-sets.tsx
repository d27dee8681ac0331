import Box from '@mui/material/Box'
import CircularProgress from '@mui/material/CircularProgress'
import Typography from '@mui/material/Typography'
import { useState } from 'react'
import type { ClassErrorSort, CompareSide, SetComparison } from '../../shared/api/evaluation'
import { countOf, formatCount } from '../app/format'
import { useApiValue } from '../app/use-api-value'
import { changeColour, crossValidatedF2, formatChange, formatMetric } from './error-format'
import { CompareSetsTable, type CompareSort } from './compare-sets-table'
import { FixedPager } from './fixed-pager'
import type { AnalysisKey } from './use-error-analysis'

const pageSize = 50

/**
 * The shown set (A) against another (B) class by class: the mean F2 of both (cross-validated first) and how
 * many classes got better or worse, then every class with both sets' figures and the change B − A, sorted by
 * any column, 50 to a page. Mount with a key of both sets and the truth: a new pair starts on its first page.
 */
export function CompareSets({ analysis, compareWith }: { analysis: AnalysisKey; compareWith: string }) {
  const [sort, setSort] = useState<CompareSort>({ by: 'f2', side: 'change', descending: false })
  const [page, setPage] = useState(0)
  const comparison = useApiValue(
    'evaluation.compareSets',
    (client) => client.call('evaluation.compareSets', { ...analysis, compareWith, sort: sort.by, side: sort.side, descending: sort.descending, offset: page * pageSize, limit: pageSize }),
    [analysis.set, analysis.truth, compareWith, sort.by, sort.side, sort.descending, page],
  )
  const sortBy = (by: ClassErrorSort, side: CompareSide) => {
    setSort((current) => nextCompareSort(current, by, side))
    setPage(0)
  }
  const value = comparison.value
  if (!value) {
    return comparison.loading ? (
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', p: 1.5 }}>
        <CircularProgress size={16} />
        <Typography variant="body2" color="text.secondary">
          Fitting thresholds and analysing {compareWith} to compare with {analysis.set}…
        </Typography>
      </Box>
    ) : null
  }
  return (
    <Box data-testid="compare-sets" data-sort={`${sort.by}:${sort.side}:${sort.descending ? 'desc' : 'asc'}`} sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
      <CompareSetsSummary comparison={value} />
      <CompareSetsTable rows={value.classes.items} sort={sort} onSort={sortBy} />
      <FixedPager total={value.classes.total} page={page} pageSize={pageSize} onPage={setPage} />
    </Box>
  )
}

/** The same column and side flips; another starts worst first (lowest metric or change, most support). */
function nextCompareSort(current: CompareSort, by: ClassErrorSort, side: CompareSide): CompareSort {
  if (current.by === by && (current.side === side || by === 'name')) return { ...current, descending: !current.descending }
  return { by, side, descending: by === 'support' }
}

function Change({ value }: { value: number }) {
  return (
    <Box component="span" sx={{ color: changeColour(value), fontWeight: 600 }}>
      ({formatChange(value)})
    </Box>
  )
}

function CompareSetsSummary({ comparison }: { comparison: SetComparison }) {
  const { a, b, images } = comparison
  const [cvA, cvB] = [crossValidatedF2(a), crossValidatedF2(b)]
  const folds = a.thresholds.fit?.crossValidated.folds
  const imageKind = a.truth === 'tuning' ? 'tuning image' : 'human-labelled image'
  return (
    <Box data-testid="compare-summary" sx={{ px: 1.5, py: 1, borderBottom: 1, borderColor: 'divider' }}>
      <Typography variant="body2" color="text.secondary">
        {a.set} (A) → {b.set} (B), the change is B − A
      </Typography>
      {cvA !== null && cvB !== null && (
        <Typography variant="h6" component="p" data-testid="compare-cv-f2" sx={{ fontWeight: 600 }}>
          Cross-validated ({folds} folds) F2 {formatMetric(cvA)} → {formatMetric(cvB)} <Change value={cvB - cvA} />
        </Typography>
      )}
      <Typography variant="body2" data-testid="compare-f2">
        F2 {formatMetric(a.meanF2)} → {formatMetric(b.meanF2)} <Change value={b.meanF2 - a.meanF2} /> with the fitted thresholds
      </Typography>
      <Typography variant="body2" data-testid="compare-classes">
        B is better on {countOf(comparison.better, 'class', 'classes')}, worse on {formatCount(comparison.worse)}, the same on {formatCount(comparison.same)} (by class F2)
      </Typography>
      <Typography variant="body2" data-testid="compare-images" sx={{ color: images.onlyA + images.onlyB > 0 ? 'warning.main' : 'text.secondary' }}>
        {countOf(images.both, imageKind)} scored by both
        {images.onlyA + images.onlyB > 0
          ? `; ${formatCount(images.onlyA)} only by ${a.set}, ${formatCount(images.onlyB)} only by ${b.set}: each set's figures count the images it scores`
          : ''}
      </Typography>
    </Box>
  )
}
