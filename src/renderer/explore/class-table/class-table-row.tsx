import Box from '@mui/material/Box'
import IconButton from '@mui/material/IconButton'
import Link from '@mui/material/Link'
import Tooltip from '@mui/material/Tooltip'
import { memo } from 'react'
import type { ClassStatsRow } from '../../../shared/api/stats'
import { formatCount } from '../../app/format'
import { classColumns, classGridColumns, formatCell, formatShare } from './class-columns'

export const classRowHeight = 28

function BrowseGlyph() {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
      <path d="M2 2h4v4H2zM8 2h4v4H8zM2 8h4v4H2zM8 8h4v4H8z" fill="currentColor" />
    </svg>
  )
}

interface ClassTableRowProps {
  row: ClassStatsRow
  top: number
  selected: boolean
  onSelect: (code: string) => void
  onBrowse: (code: string) => void
}

/**
 * One class: its counts. A click on its name, a double click or the grid button opens its images in
 * Browse; a click elsewhere on the row selects it (class detail).
 */
export const ClassTableRow = memo(function ClassTableRow({ row, top, selected, onSelect, onBrowse }: ClassTableRowProps) {
  return (
    <Box
      data-testid="class-row"
      data-class-code={row.code}
      role="row"
      aria-selected={selected}
      onClick={() => onSelect(row.code)}
      onDoubleClick={() => onBrowse(row.code)}
      sx={{
        position: 'absolute',
        top,
        left: 0,
        right: 0,
        height: classRowHeight,
        display: 'grid',
        gridTemplateColumns: classGridColumns,
        alignItems: 'center',
        px: 1,
        cursor: 'pointer',
        fontSize: 12,
        fontVariantNumeric: 'tabular-nums',
        bgcolor: selected ? 'action.selected' : undefined,
        '&:hover': { bgcolor: selected ? 'action.selected' : 'action.hover' },
      }}
    >
      {classColumns.map((column) => {
        const value = row[column.key]
        const text = column.key === 'share' ? formatShare(row.share) : typeof value === 'number' ? formatCell(value) : String(value)
        const numeric = typeof value === 'number'
        return (
          <Box
            key={column.key}
            role="cell"
            data-col={column.key}
            data-value={String(value)}
            title={column.key === 'name' ? row.code : typeof value === 'number' ? formatCount(value) : undefined}
            sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', textAlign: numeric ? 'right' : 'left', pr: 0.75 }}
          >
            {column.key === 'name' ? (
              <Link
                component="button"
                data-testid="class-name-link"
                underline="hover"
                color="inherit"
                sx={{ font: 'inherit', verticalAlign: 'baseline' }}
                onClick={(event) => {
                  event.stopPropagation()
                  onBrowse(row.code)
                }}
              >
                {text}
              </Link>
            ) : (
              text
            )}
          </Box>
        )
      })}
      <Tooltip title="Browse its images">
        <IconButton
          data-testid="class-open-browse"
          aria-label={`Browse images of ${row.name}`}
          onClick={(event) => {
            event.stopPropagation()
            onBrowse(row.code)
          }}
        >
          <BrowseGlyph />
        </IconButton>
      </Tooltip>
    </Box>
  )
})
