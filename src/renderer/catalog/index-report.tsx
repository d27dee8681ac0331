import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Collapse from '@mui/material/Collapse'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import Typography from '@mui/material/Typography'
import { useState } from 'react'
import type { FileImportReport, IndexReport, RowProblemKind } from '../../shared/api/index'
import { duplicateRules } from '../../shared/api/indexing'
import { formatCount } from '../app/format'
import { monoFont } from '../app/theme'
import { formatRowRate, formatSeconds } from './index-format'

/** The catalog after the run; the label as [one, many]. */
const totals: { kind: Exclude<keyof IndexReport, 'files' | 'seconds'>; label: [string, string] }[] = [
  { kind: 'imagesOnDisk', label: ['image on disk', 'images on disk'] },
  { kind: 'imagesMissing', label: ['image missing', 'images missing'] },
  { kind: 'filesWithoutLabels', label: ['file without labels', 'files without labels'] },
  { kind: 'classesKnown', label: ['class known', 'classes known'] },
  { kind: 'classesUnknown', label: ['class unknown', 'classes unknown'] },
]

const numeric = { fontVariantNumeric: 'tabular-nums' } as const

function FileRows({ file }: { file: FileImportReport }) {
  const rate = file.rows > 0 && file.seconds > 0 ? formatRowRate(file.rows / file.seconds) : '–'
  const skipped = Object.entries(file.skippedByKind) as [RowProblemKind, number][]
  const repeated = file.duplicates && file.duplicates.count > 0 ? file.duplicates : null
  return (
    <>
      <TableRow data-file={file.file} data-rows={file.rows} data-skipped={file.skipped}>
        <TableCell sx={{ fontFamily: monoFont }}>{file.file}</TableCell>
        <TableCell>{file.kind}</TableCell>
        <TableCell align="right" sx={numeric}>
          {formatCount(file.rows)}
        </TableCell>
        <TableCell align="right" sx={{ ...numeric, color: file.skipped > 0 ? 'warning.main' : undefined }}>
          {formatCount(file.skipped)}
        </TableCell>
        <TableCell align="right" sx={numeric}>
          {formatSeconds(file.seconds)}
        </TableCell>
        <TableCell align="right" sx={numeric}>
          {rate}
        </TableCell>
      </TableRow>
      {skipped.map(([kind, count]) => (
        <TableRow key={kind} data-skipped-kind={kind} data-count={count}>
          <TableCell colSpan={3} sx={{ pl: 4, color: 'text.secondary' }}>
            skipped: {kind}
          </TableCell>
          <TableCell align="right" sx={{ ...numeric, color: 'text.secondary' }}>
            {formatCount(count)}
          </TableCell>
          <TableCell colSpan={2} />
        </TableRow>
      ))}
      {repeated && (
        <TableRow data-repeated={repeated.count}>
          <TableCell colSpan={3} sx={{ pl: 4, color: 'text.secondary' }}>
            repeated {repeated.key}: {duplicateRules[repeated.kept]}
          </TableCell>
          <TableCell align="right" sx={{ ...numeric, color: 'text.secondary' }}>
            {formatCount(repeated.count)}
          </TableCell>
          <TableCell colSpan={2} />
        </TableRow>
      )}
    </>
  )
}

function Problems({ report }: { report: IndexReport }) {
  const [open, setOpen] = useState(false)
  const problems = report.files.flatMap((file) => [...file.problems, ...(file.duplicates?.examples ?? [])])
  if (problems.length === 0) return null
  return (
    <Box>
      <Button onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="index-problems-toggle">
        {open ? 'Hide' : 'Show'} the first problems ({problems.length})
      </Button>
      <Collapse in={open}>
        <Box component="ul" data-testid="index-problems" sx={{ m: 0, pl: 2, maxHeight: 160, overflowY: 'auto' }}>
          {problems.map((problem, i) => (
            <Typography component="li" variant="body2" key={i} sx={{ fontFamily: monoFont, fontSize: 12 }}>
              {problem.where}: {problem.message}
            </Typography>
          ))}
        </Box>
      </Collapse>
    </Box>
  )
}

/** What a finished run did: rows, skips and speed per file, the first problems, and the catalog's totals. */
export function IndexReportView({ report }: { report: IndexReport }) {
  return (
    <Box data-testid="index-report" sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Table size="small" aria-label="Files imported">
        <TableHead>
          <TableRow>
            <TableCell>File</TableCell>
            <TableCell>Kind</TableCell>
            <TableCell align="right">Rows</TableCell>
            <TableCell align="right">Skipped</TableCell>
            <TableCell align="right">Time</TableCell>
            <TableCell align="right">Rate</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {report.files.map((file) => (
            <FileRows key={file.file} file={file} />
          ))}
        </TableBody>
      </Table>
      <Problems report={report} />
      <Box data-testid="index-totals" sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2, rowGap: 0.5 }}>
        {totals.map(({ kind, label }) => (
          <Typography key={kind} variant="body2" component="span" data-total-kind={kind} noWrap>
            <Box component="span" sx={{ fontWeight: 600, ...numeric }}>
              {formatCount(report[kind])}
            </Box>{' '}
            <Box component="span" sx={{ color: 'text.secondary' }}>
              {report[kind] === 1 ? label[0] : label[1]}
            </Box>
          </Typography>
        ))}
      </Box>
    </Box>
  )
}
