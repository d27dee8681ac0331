import Box from '@mui/material/Box'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import TableSortLabel from '@mui/material/TableSortLabel'
import type { ClassComparisonRow, ClassErrorSort, CompareSide } from '../../shared/api/evaluation'
import { formatCount } from '../app/format'
import { monoFont } from '../app/theme'
import { changeColour, formatChange, formatMetric } from './error-format'

export interface CompareSort {
  by: ClassErrorSort
  side: CompareSide
  descending: boolean
}

interface CompareSetsTableProps {
  rows: readonly ClassComparisonRow[]
  sort: CompareSort
  onSort: (by: ClassErrorSort, side: CompareSide) => void
}

type Column = 'support' | 'threshold' | 'precision' | 'recall' | 'f2'
const groups: Array<{ column: Column; label: string; title: string; sides: readonly CompareSide[] }> = [
  { column: 'support', label: 'Support', title: 'images that truly have the class among those the set scores', sides: ['a', 'b'] },
  { column: 'threshold', label: 'Threshold', title: "the threshold the set's scores are cut at (its own or the global one)", sides: ['a', 'b'] },
  { column: 'precision', label: 'Prec.', title: 'TP / (TP + FP)', sides: ['a', 'b', 'change'] },
  { column: 'recall', label: 'Recall', title: 'TP / (TP + FN)', sides: ['a', 'b', 'change'] },
  { column: 'f2', label: 'F2', title: "the class's F2 over its counts", sides: ['a', 'b', 'change'] },
]
const sideLabel: Record<CompareSide, string> = { a: 'A', b: 'B', change: 'Δ' }

function cellText(row: ClassComparisonRow, column: Column, side: CompareSide): string {
  const value = row[side][column]
  if (side === 'change') return formatChange(value)
  return column === 'support' ? formatCount(value) : formatMetric(value)
}

/** Every class of either set with A's and B's support, threshold, precision, recall and F2, and the changes. */
export function CompareSetsTable({ rows, sort, onSort }: CompareSetsTableProps) {
  const active = (by: ClassErrorSort, side: CompareSide) => sort.by === by && (by === 'name' || sort.side === side)
  const direction = sort.descending ? 'desc' : 'asc'
  return (
    <Box sx={{ flex: 1, minHeight: 0, overflowY: 'auto' }}>
      <Table size="small" stickyHeader sx={{ '& td, & th': { px: 0.75, py: 0.25, whiteSpace: 'nowrap' } }}>
        <TableHead>
          <TableRow>
            <TableCell>
              <TableSortLabel active={active('name', 'a')} direction={direction} onClick={() => onSort('name', 'a')}>
                Class
              </TableSortLabel>
            </TableCell>
            {groups.flatMap((group) =>
              group.sides.map((side, i) => (
                <TableCell key={`${group.column}-${side}`} align="right" title={`${group.title}${side === 'change' ? ': B − A' : `, set ${sideLabel[side]}`}`} sx={{ borderLeft: i === 0 ? 1 : undefined, borderColor: 'divider' }}>
                  <TableSortLabel data-testid={`compare-sort-${group.column}-${side}`} active={active(group.column, side)} direction={direction} onClick={() => onSort(group.column, side)}>
                    {group.label} {sideLabel[side]}
                  </TableSortLabel>
                </TableCell>
              )),
            )}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.code} hover data-testid="compare-row" data-code={row.code} data-f2-a={row.a.f2} data-f2-b={row.b.f2} data-f2-change={row.change.f2}>
              <TableCell sx={{ maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis' }} title={row.code}>
                {row.name || <span style={{ fontFamily: monoFont }}>{row.code}</span>}
              </TableCell>
              {groups.flatMap((group) =>
                group.sides.map((side, i) => (
                  <TableCell
                    key={`${group.column}-${side}`}
                    align="right"
                    data-column={`${group.column}-${side}`}
                    title={side !== 'change' && group.column === 'threshold' && row[side].ownThreshold ? 'its own threshold' : undefined}
                    sx={{
                      borderLeft: i === 0 ? 1 : undefined,
                      borderColor: 'divider',
                      color: side === 'change' ? changeColour(row.change[group.column]) : undefined,
                      fontWeight: group.column === 'f2' && side === 'change' ? 600 : undefined,
                    }}
                  >
                    {cellText(row, group.column, side)}
                  </TableCell>
                )),
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  )
}
