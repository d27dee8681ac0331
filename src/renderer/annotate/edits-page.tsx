import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Typography from '@mui/material/Typography'
import { useEdits } from './edits-context'
import { ExportOpenImages } from './export-open-images'
import { HistoryList, revertWhat } from './history-list'
import { useHistoryPages } from './use-history-pages'

/**
 * Every edit of the catalog, newest first (from any window or tool), a page at a time: each with
 * Revert and a link that opens its image in Browse. Kept up to date as edits come in.
 */
export function EditsPage({ onOpenImage }: { onOpenImage: (imageId: string) => void }) {
  const history = useHistoryPages(null, true)
  const { send, undo, redo, canUndo, canRedo } = useEdits()
  return (
    <Box data-testid="edits-page" sx={{ flex: 1, minHeight: 0, overflowY: 'auto', px: 2, py: 1.5 }}>
      <Box sx={{ maxWidth: 900, mx: 'auto' }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
          <Typography variant="h6" component="h2" sx={{ fontSize: 16 }}>
            Edits
          </Typography>
          <Typography variant="body2" color="text.secondary">
            Label verdicts and box edits from every window and tool, newest first.
          </Typography>
          <Box sx={{ flex: 1 }} />
          <Button disabled={!canUndo} onClick={undo} title="Undo this window's last edit (Ctrl+Z)">
            Undo
          </Button>
          <Button disabled={!canRedo} onClick={redo} title="Redo (Ctrl+Shift+Z or Ctrl+Y)">
            Redo
          </Button>
        </Box>
        <ExportOpenImages />
        <HistoryList
          history={history}
          empty="No edits yet: verify labels or draw boxes in the image view, or select images in the grid."
          onOpenImage={onOpenImage}
          onRevert={(record) => void send('annotate.revert', { editId: record.editId }, revertWhat(record), { announce: true })}
        />
      </Box>
    </Box>
  )
}
