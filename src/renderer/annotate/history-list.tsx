import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Link from '@mui/material/Link'
import Typography from '@mui/material/Typography'
import type { EditRecord } from '../../shared/api/index'
import { monoFont } from '../app/theme'
import { describeEdit, formatEditTime } from './edit-format'
import { windowAuthor } from './edit-request'
import type { HistoryPages } from './use-history-pages'

interface HistoryListProps {
  history: HistoryPages
  onRevert: (record: EditRecord) => void
  /** Shows each edit's image as a link that opens it (the global history). */
  onOpenImage?: (imageId: string) => void
  /** Said when there are no edits yet. */
  empty: string
}

function HistoryRow({ record, onRevert, onOpenImage }: { record: EditRecord; onRevert: () => void; onOpenImage?: (imageId: string) => void }) {
  const { title, change } = describeEdit(record)
  const mine = record.author === windowAuthor
  return (
    <Box component="li" data-testid="edit-row" data-edit-id={record.editId} data-kind={record.kind} data-image-id={record.imageId} sx={{ py: 0.75, borderBottom: 1, borderColor: 'divider', display: 'flex', gap: 1, alignItems: 'flex-start' }}>
      <Box sx={{ flex: 1, minWidth: 0 }}>
        <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
          <Box component="span" sx={{ color: 'text.secondary', mr: 0.75, fontVariantNumeric: 'tabular-nums' }}>
            #{record.editId}
          </Box>
          {title.charAt(0).toUpperCase() + title.slice(1)}
        </Typography>
        {change && (
          <Typography data-testid="edit-change" variant="body2" color="text.secondary" sx={{ fontSize: 12, overflowWrap: 'anywhere' }}>
            {change}
          </Typography>
        )}
        <Typography variant="caption" color="text.secondary" sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
          <span title={record.author}>{mine ? 'this window' : record.author}</span>
          <span>{formatEditTime(record.at)}</span>
          {onOpenImage && (
            <Link component="button" data-testid="edit-open-image" underline="hover" onClick={() => onOpenImage(record.imageId)} sx={{ fontFamily: monoFont, fontSize: 12 }}>
              {record.imageId}
            </Link>
          )}
        </Typography>
      </Box>
      <Button data-testid="edit-revert" size="small" onClick={onRevert} title="Put back what this edit changed (a new edit; the history keeps both)">
        Revert
      </Button>
    </Box>
  )
}

/** Edits newest first, each with Revert, and "Load older" while there are more. */
export function HistoryList({ history, onRevert, onOpenImage, empty }: HistoryListProps) {
  const { page, loading, error } = history
  return (
    <Box data-testid="history-list" aria-busy={loading}>
      {error && (
        <Alert severity="error" variant="outlined" action={<Button color="inherit" onClick={history.reload}>Retry</Button>} sx={{ mb: 1 }}>
          {error}
        </Alert>
      )}
      {page && page.items.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          {empty}
        </Typography>
      )}
      <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0 }}>
        {page?.items.map((record) => <HistoryRow key={record.editId} record={record} onRevert={() => onRevert(record)} onOpenImage={onOpenImage} />)}
      </Box>
      {page?.nextBefore !== null && page !== null && (
        <Button data-testid="history-older" disabled={loading} onClick={history.older} sx={{ mt: 1 }}>
          Load older edits
        </Button>
      )}
      {loading && !page && (
        <Typography variant="body2" color="text.secondary">
          Loading edits…
        </Typography>
      )}
    </Box>
  )
}

/** The words of a revert action for the notice and the undo stack: "Reverted #12 (label Dog)". */
export function revertWhat(record: EditRecord): string {
  return `Reverted #${record.editId} (${describeEdit(record).title})`
}
