import Box from '@mui/material/Box'
import ButtonBase from '@mui/material/ButtonBase'
import Typography from '@mui/material/Typography'
import { useState } from 'react'
import { useEdits } from './edits-context'
import { HistoryList, revertWhat } from './history-list'
import { useHistoryPages } from './use-history-pages'

/** The image's edit history in the image view's side panel: folded until opened, then kept up to date. */
export function ImageHistory({ imageId }: { imageId: string }) {
  const [open, setOpen] = useState(false)
  const history = useHistoryPages(imageId, open)
  const { send } = useEdits()
  const count = history.page ? `${history.page.items.length}${history.page.nextBefore !== null ? '+' : ''}` : ''
  return (
    <Box data-testid="image-history">
      <ButtonBase data-testid="image-history-toggle" aria-expanded={open} onClick={() => setOpen(!open)} sx={{ width: '100%', justifyContent: 'flex-start', borderRadius: 1 }}>
        <Typography variant="overline" color="text.secondary" sx={{ lineHeight: 2 }}>
          {open ? '▾' : '▸'} History{open && count ? ` · ${count}` : ''}
        </Typography>
      </ButtonBase>
      {open && <HistoryList history={history} empty="No edits of this image yet." onRevert={(record) => void send('annotate.revert', { editId: record.editId }, revertWhat(record), { announce: true })} />}
    </Box>
  )
}
