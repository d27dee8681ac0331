import Box from '@mui/material/Box'
import MenuItem from '@mui/material/MenuItem'
import TableSortLabel from '@mui/material/TableSortLabel'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import { useEffect, useRef, useState } from 'react'
import type { BoxableClasses } from '../../../shared/api/index'
import { describeBoxableClasses } from '../../../shared/boxable-classes'
import { formatCount } from '../../app/format'
import { useDebouncedValue } from '../../browse/use-debounced-value'
import { classColumns, classGridColumns } from './class-columns'
import { ClassTableRow, classRowHeight } from './class-table-row'
import type { ClassSort } from './class-columns'
import { useClassRows, type ClassQuery } from './use-class-rows'
import { useStatsRevision } from '../stats-revision'

const confidences = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
/** Rows mounted above and below the visible ones. */
const overscan = 10

interface ClassTableProps {
  selected: string | null
  onSelect: (code: string) => void
  onBrowse: (code: string) => void
  minMachineConfidence: number
  onMinMachineConfidence: (value: number) => void
  /** Where the boxable set came from (the catalog summary's); null until known. */
  boxableClasses: BoxableClasses | null
}

/** Every class with its counts: searchable, sortable by column, virtualized (rows fetched in pages as they scroll in). */
export function ClassTable({ selected, onSelect, onBrowse, minMachineConfidence, onMinMachineConfidence, boxableClasses }: ClassTableProps) {
  const [search, setSearch] = useState('')
  const [sort, setSort] = useState<{ by: ClassSort; descending: boolean }>({ by: 'rank', descending: false })
  const query: ClassQuery = { query: useDebouncedValue(search.trim(), 250), sort: sort.by, descending: sort.descending, minMachineConfidence }
  const rows = useClassRows(query, useStatsRevision())
  const scroller = useRef<HTMLDivElement>(null)
  const [view, setView] = useState({ top: 0, height: 600 })

  useEffect(() => {
    const el = scroller.current
    if (!el) return
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight })
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    el.addEventListener('scroll', measure, { passive: true })
    return () => {
      observer.disconnect()
      el.removeEventListener('scroll', measure)
    }
  }, [])
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 })
  }, [query.query, query.sort, query.descending])

  const total = rows.total ?? 0
  const first = Math.max(0, Math.floor(view.top / classRowHeight) - overscan)
  const last = Math.min(total - 1, Math.ceil((view.top + view.height) / classRowHeight) + overscan)
  const { want } = rows
  useEffect(() => {
    if (last >= first) want(first, last)
  }, [want, first, last])

  const sortBy = (by: ClassSort) =>
    setSort((s) => (s.by === by ? { by, descending: !s.descending } : { by, descending: by !== 'rank' && by !== 'name' }))

  const visible = []
  for (let i = first; i <= last; i++) {
    const row = rows.row(i)
    if (row) visible.push(<ClassTableRow key={row.code} row={row} top={i * classRowHeight} selected={row.code === selected} onSelect={onSelect} onBrowse={onBrowse} />)
  }

  return (
    <Box data-testid="class-table" data-total={rows.total ?? undefined} sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, height: '100%' }}>
      <Box sx={{ display: 'flex', gap: 1, p: 1, alignItems: 'center' }}>
        <TextField
          data-testid="class-search"
          placeholder="Search classes"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          sx={{ flex: 1 }}
        />
        <TextField
          select
          data-testid="machine-confidence"
          label="Machine ≥"
          value={minMachineConfidence}
          onChange={(e) => onMinMachineConfidence(Number(e.target.value))}
          sx={{ width: 96 }}
        >
          {confidences.map((c) => (
            <MenuItem key={c} value={c}>
              {c.toFixed(1)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <Typography variant="caption" color="text.secondary" sx={{ px: 1 }}>
        {rows.total === null ? 'Loading classes…' : `${formatCount(total)} ${total === 1 ? 'class' : 'classes'}`}
      </Typography>
      {boxableClasses && (
        <Typography data-testid="boxable-source" data-source={boxableClasses.source} variant="caption" color="text.secondary" sx={{ px: 1 }}>
          boxable classes: {describeBoxableClasses(boxableClasses)}
        </Typography>
      )}
      <Box role="row" sx={{ display: 'grid', gridTemplateColumns: classGridColumns, px: 1, py: 0.5, borderBottom: 1, borderColor: 'divider', fontSize: 12 }}>
        {classColumns.map((column) => (
          <Box key={column.key} role="columnheader" title={column.title} sx={{ textAlign: column.key === 'name' ? 'left' : 'right', pr: 0.75, whiteSpace: 'nowrap' }}>
            {column.sort ? (
              <TableSortLabel active={sort.by === column.sort} direction={sort.descending ? 'desc' : 'asc'} onClick={() => sortBy(column.sort!)}>
                {column.label}
              </TableSortLabel>
            ) : (
              column.label
            )}
          </Box>
        ))}
      </Box>
      <Box ref={scroller} role="table" sx={{ flex: 1, minHeight: 0, overflowY: 'auto', position: 'relative' }}>
        <Box sx={{ height: total * classRowHeight, position: 'relative' }}>{visible}</Box>
      </Box>
    </Box>
  )
}
