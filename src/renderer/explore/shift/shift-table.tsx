import Box from '@mui/material/Box'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import type { ShiftRow } from '../../../shared/api/stats'
import { formatCount } from '../../app/format'
import { formatShare } from '../class-table/class-columns'

/** Rows shown at most; the CSV export has them all. */
const shown = 300

/** The classes whose share changes most first (as the server orders them); `estimatedTest` adds the estimated test prior's column. */
export function ShiftTable({ rows, against, estimatedTest, onSelect }: { rows: ShiftRow[]; against: string; estimatedTest: boolean; onSelect: (code: string) => void }) {
  return (
    <Box data-testid="shift-table" data-rows={rows.length} sx={{ maxHeight: 360, overflowY: 'auto' }}>
      <Table size="small" stickyHeader padding="none">
        <TableHead>
          <TableRow>
            <TableCell>Class</TableCell>
            <TableCell align="right">Training</TableCell>
            <TableCell align="right">{against}</TableCell>
            <TableCell align="right">Train share</TableCell>
            <TableCell align="right">{against} share</TableCell>
            {estimatedTest && <TableCell align="right" data-testid="shift-estimated-test-column">test (estimated)</TableCell>}
            <TableCell align="right">Change</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.slice(0, shown).map((r) => (
            <TableRow key={r.code} hover data-class-code={r.code} onClick={() => onSelect(r.code)} sx={{ cursor: 'pointer' }}>
              <TableCell title={r.code}>{r.name}</TableCell>
              <TableCell align="right">{formatCount(r.trainImages)}</TableCell>
              <TableCell align="right">{formatCount(r.otherImages)}</TableCell>
              <TableCell align="right">{formatShare(r.trainShare)}</TableCell>
              <TableCell align="right">{formatShare(r.otherShare)}</TableCell>
              {estimatedTest && (
                <TableCell align="right" data-col="estimatedTest" data-value={r.estimatedTestShare}>
                  {r.estimatedTestShare === undefined ? '–' : formatShare(r.estimatedTestShare)}
                </TableCell>
              )}
              <TableCell align="right" sx={{ color: r.change > 0 ? 'success.main' : r.change < 0 ? 'error.main' : undefined }}>
                {r.change > 0 ? '+' : r.change < 0 ? '−' : ''}
                {formatShare(Math.abs(r.change))}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  )
}
