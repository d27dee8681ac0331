import Box from '@mui/material/Box'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import Typography from '@mui/material/Typography'
import type { RelatedClass } from '../../../shared/api/stats'
import { formatCount } from '../../app/format'

/** Classes seen on the same images: images together, lift and PMI; a click selects the class. */
export function RelatedTable({ title, testId, classes, onSelect }: { title: string; testId: string; classes: RelatedClass[]; onSelect: (code: string) => void }) {
  return (
    <Box data-testid={testId} sx={{ flex: 1, minWidth: 240 }}>
      <Typography variant="subtitle2">{title}</Typography>
      {classes.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No images share a label with this class.
        </Typography>
      ) : (
        <Table size="small" padding="none">
          <TableHead>
            <TableRow>
              <TableCell>Class</TableCell>
              <TableCell align="right">Images</TableCell>
              <TableCell align="right">Lift</TableCell>
              <TableCell align="right">PMI</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {classes.map((c) => (
              <TableRow key={c.code} hover data-class-code={c.code} onClick={() => onSelect(c.code)} sx={{ cursor: 'pointer' }}>
                <TableCell title={c.code}>{c.name}</TableCell>
                <TableCell align="right">{formatCount(c.images)}</TableCell>
                <TableCell align="right">{c.lift.toFixed(2)}</TableCell>
                <TableCell align="right">{c.pmi.toFixed(2)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  )
}
