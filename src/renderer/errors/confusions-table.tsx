import Box from '@mui/material/Box'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import Typography from '@mui/material/Typography'
import { useState } from 'react'
import { formatCount } from '../app/format'
import { useApiValue } from '../app/use-api-value'
import type { ClassFilter } from './class-errors-table'
import { outcomeStyle } from './error-format'
import type { AnalysisKey } from './use-error-analysis'
import { FixedPager } from './fixed-pager'

const pageSize = 50

/**
 * The classes most often confused: A predicted but absent on images where B was present but missed, by the
 * number of such images. A click on either class filters the image list to that mistake.
 */
export function ConfusionsTable({ analysis, onFilter }: { analysis: AnalysisKey; onFilter: (filter: ClassFilter) => void }) {
  const [page, setPage] = useState(0)
  const pairs = useApiValue(
    'evaluation.confusions',
    (client) => client.call('evaluation.confusions', { ...analysis, offset: page * pageSize, limit: pageSize }),
    [analysis.set, page],
  )
  const total = pairs.value?.total ?? 0
  const link = (colour: string) => ({ cursor: 'pointer', color: colour, '&:hover': { textDecoration: 'underline' } })
  return (
    <Box data-testid="confusions" data-total={pairs.value?.total} sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1 }}>
      <Box sx={{ flex: 1, minHeight: 0, overflowY: 'auto' }}>
        <Table size="small" stickyHeader sx={{ '& td, & th': { px: 1, py: 0.25 } }}>
          <TableHead>
            <TableRow>
              <TableCell title={outcomeStyle.fp.title}>Predicted, absent (FP)</TableCell>
              <TableCell title={outcomeStyle.fn.title}>Present, missed (FN)</TableCell>
              <TableCell align="right">Images</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(pairs.value?.items ?? []).map((pair) => (
              <TableRow key={`${pair.predicted.code} ${pair.missed.code}`} data-testid="confusion-row" data-predicted={pair.predicted.code} data-missed={pair.missed.code} data-images={pair.images}>
                <TableCell title={pair.predicted.code} sx={link(outcomeStyle.fp.colour)} onClick={() => onFilter({ ...pair.predicted, outcome: 'fp' })}>
                  {pair.predicted.name || pair.predicted.code}
                </TableCell>
                <TableCell title={pair.missed.code} sx={link(outcomeStyle.fn.colour)} onClick={() => onFilter({ ...pair.missed, outcome: 'fn' })}>
                  {pair.missed.name || pair.missed.code}
                </TableCell>
                <TableCell align="right">{formatCount(pair.images)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {pairs.value?.total === 0 && (
          <Typography variant="body2" color="text.secondary" sx={{ p: 1 }}>
            No image has both a false positive and a false negative.
          </Typography>
        )}
      </Box>
      <FixedPager total={total} page={page} pageSize={pageSize} onPage={setPage} />
    </Box>
  )
}
