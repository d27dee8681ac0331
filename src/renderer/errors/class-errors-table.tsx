import Box from '@mui/material/Box'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import TableSortLabel from '@mui/material/TableSortLabel'
import Typography from '@mui/material/Typography'
import { useState, type MouseEvent } from 'react'
import type { ClassErrorRow, ClassErrorSort, LabelOutcome } from '../../shared/api/evaluation'
import { formatCount } from '../app/format'
import { monoFont } from '../app/theme'
import { useApiValue } from '../app/use-api-value'
import { formatMetric, nextSort, outcomeStyle } from './error-format'
import type { AnalysisKey } from './use-error-analysis'
import { FixedPager } from './fixed-pager'

/** A class picked to filter the image list by one of its outcomes. */
export interface ClassFilter {
  code: string
  name: string
  outcome: LabelOutcome
}

interface ClassErrorsTableProps {
  analysis: AnalysisKey
  filter: ClassFilter | null
  onFilter: (filter: ClassFilter) => void
}

const pageSize = 50
const columns: Array<{ sort: ClassErrorSort; label: string; title: string }> = [
  { sort: 'support', label: 'Support', title: 'tuning images that truly have the class (TP + FN)' },
  { sort: 'tp', label: 'TP', title: outcomeStyle.tp.title },
  { sort: 'fp', label: 'FP', title: outcomeStyle.fp.title },
  { sort: 'fn', label: 'FN', title: outcomeStyle.fn.title },
  { sort: 'precision', label: 'Prec.', title: 'TP / (TP + FP)' },
  { sort: 'recall', label: 'Recall', title: 'TP / (TP + FN)' },
  { sort: 'f2', label: 'F2', title: "the class's F2 over its counts" },
]

/**
 * Every class of the analysis with its counts, sortable by each column, 50 to a page. A click on a row
 * filters the image list to the class's false negatives (or false positives when it has none); a click
 * on its FP or FN count picks that outcome.
 */
export function ClassErrorsTable({ analysis, filter, onFilter }: ClassErrorsTableProps) {
  const [sort, setSort] = useState<{ by: ClassErrorSort; descending: boolean }>({ by: 'f2', descending: false })
  const [page, setPage] = useState(0)
  const rows = useApiValue(
    'evaluation.classes',
    (client) => client.call('evaluation.classes', { ...analysis, sort: sort.by, descending: sort.descending, offset: page * pageSize, limit: pageSize }),
    [analysis.set, sort.by, sort.descending, page],
  )
  const sortBy = (by: ClassErrorSort) => {
    setSort((current) => nextSort(current, by))
    setPage(0)
  }
  const pick = (row: ClassErrorRow, outcome: LabelOutcome) => (event: MouseEvent) => {
    event.stopPropagation()
    onFilter({ code: row.code, name: row.name, outcome })
  }
  const total = rows.value?.total ?? 0
  return (
    <Box data-testid="class-errors" data-total={rows.value?.total} data-sort={`${sort.by}:${sort.descending ? 'desc' : 'asc'}`} sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1 }}>
      <Box sx={{ flex: 1, minHeight: 0, overflowY: 'auto' }}>
        <Table size="small" stickyHeader sx={{ '& td, & th': { px: 0.75, py: 0.25, whiteSpace: 'nowrap' } }}>
          <TableHead>
            <TableRow>
              <TableCell>
                <TableSortLabel active={sort.by === 'name'} direction={sort.descending ? 'desc' : 'asc'} onClick={() => sortBy('name')}>
                  Class
                </TableSortLabel>
              </TableCell>
              {columns.map((column) => (
                <TableCell key={column.sort} align="right" title={column.title}>
                  <TableSortLabel data-testid={`sort-${column.sort}`} active={sort.by === column.sort} direction={sort.descending ? 'desc' : 'asc'} onClick={() => sortBy(column.sort)}>
                    {column.label}
                  </TableSortLabel>
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {(rows.value?.items ?? []).map((row) => (
              <TableRow
                key={row.code}
                hover
                selected={filter?.code === row.code}
                data-testid="class-error-row"
                data-code={row.code}
                data-fp={row.fp}
                data-fn={row.fn}
                onClick={pick(row, row.fn > 0 || row.fp === 0 ? 'fn' : 'fp')}
                sx={{ cursor: 'pointer' }}
              >
                <TableCell sx={{ maxWidth: 200, overflow: 'hidden', textOverflow: 'ellipsis' }} title={`${row.code} · threshold ${row.threshold.toFixed(3)}${row.ownThreshold ? ' (its own)' : ''}`}>
                  {row.name || <span style={{ fontFamily: monoFont }}>{row.code}</span>}
                </TableCell>
                <TableCell align="right">{formatCount(row.support)}</TableCell>
                <TableCell align="right">{formatCount(row.tp)}</TableCell>
                <OutcomeCell row={row} outcome="fp" selected={filter?.code === row.code && filter.outcome === 'fp'} onClick={pick(row, 'fp')} />
                <OutcomeCell row={row} outcome="fn" selected={filter?.code === row.code && filter.outcome === 'fn'} onClick={pick(row, 'fn')} />
                <TableCell align="right">{formatMetric(row.precision)}</TableCell>
                <TableCell align="right">{formatMetric(row.recall)}</TableCell>
                <TableCell align="right" sx={{ fontWeight: 600 }}>
                  {formatMetric(row.f2)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {rows.value?.total === 0 && (
          <Typography variant="body2" color="text.secondary" sx={{ p: 1 }}>
            No classes.
          </Typography>
        )}
      </Box>
      <FixedPager total={total} page={page} pageSize={pageSize} onPage={setPage} />
    </Box>
  )
}

function OutcomeCell({ row, outcome, selected, onClick }: { row: ClassErrorRow; outcome: 'fp' | 'fn'; selected: boolean; onClick: (event: MouseEvent) => void }) {
  const count = row[outcome]
  const style = outcomeStyle[outcome]
  return (
    <TableCell
      align="right"
      data-testid={`class-${outcome}`}
      title={count > 0 ? `show the ${formatCount(count)} images where ${row.name || row.code} is a ${style.title}` : undefined}
      onClick={count > 0 ? onClick : undefined}
      sx={{
        color: count > 0 ? style.colour : 'text.disabled',
        fontWeight: selected ? 700 : undefined,
        textDecoration: count > 0 ? 'underline dotted' : undefined,
        outline: selected ? `1px solid ${style.colour}` : undefined,
      }}
    >
      {formatCount(count)}
    </TableCell>
  )
}
