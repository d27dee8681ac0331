import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Dialog from '@mui/material/Dialog'
import Typography from '@mui/material/Typography'
import { useState, type KeyboardEvent } from 'react'
import { countOf } from '../app/format'
import { monoFont } from '../app/theme'
import { useApiValue } from '../app/use-api-value'
import { ImageStage } from '../browse/image-stage'
import { formatMetric } from './error-format'
import { OutcomeChips } from './outcome-chips'
import type { AnalysisKey } from './use-error-analysis'

interface ErrorImageViewProps {
  analysis: AnalysisKey
  /** The image shown, null when closed. */
  imageId: string | null
  /** The images of the list's page, for ← and →. */
  ids: readonly string[]
  onShow: (imageId: string) => void
  onClose: () => void
}

/**
 * One analysed image large (the browse stage: zoom, pan, its boxes where it has any) with its labels as
 * TP, FP and FN chips and its F2. ← and → step through the list's page, Esc closes.
 */
export function ErrorImageView({ analysis, imageId, ids, onShow, onClose }: ErrorImageViewProps) {
  const open = imageId !== null
  const detail = useApiValue('images.get', (client) => client.call('images.get', { imageId: imageId ?? '' }), [imageId], { banner: false, enabled: open })
  const errors = useApiValue('evaluation.image', (client) => client.call('evaluation.image', { ...analysis, imageId: imageId ?? '' }), [analysis.set, imageId], {
    banner: false,
    enabled: open,
  })
  const [highlighted, setHighlighted] = useState<number | null>(null)
  const image = detail.value?.image.imageId === imageId ? detail.value : null
  const labels = errors.value?.imageId === imageId ? errors.value : null
  const at = imageId === null ? -1 : ids.indexOf(imageId)
  const step = (delta: 1 | -1) => {
    const next = ids[at + delta]
    if (at >= 0 && next) onShow(next)
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault()
      step(event.key === 'ArrowRight' ? 1 : -1)
    }
  }
  const failure = detail.error ?? errors.error

  return (
    <Dialog
      data-testid="error-image-view"
      data-image-id={imageId ?? undefined}
      data-f2={labels?.f2}
      open={open}
      onClose={onClose}
      onKeyDown={onKeyDown}
      maxWidth={false}
      slotProps={{ paper: { sx: { width: '92vw', height: '90vh', m: 0, display: 'flex', flexDirection: 'column' } } }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, px: 1.5, py: 0.75, borderBottom: 1, borderColor: 'divider' }}>
        <Typography variant="body2" sx={{ fontFamily: monoFont }}>
          {imageId}
        </Typography>
        {labels && (
          <Typography variant="body2" data-testid="error-image-f2" sx={{ fontWeight: 600 }}>
            F2 {formatMetric(labels.f2)} · precision {formatMetric(labels.precision)} · recall {formatMetric(labels.recall)}
          </Typography>
        )}
        <Box sx={{ flex: 1 }} />
        <Button disabled={at <= 0} onClick={() => step(-1)} title="Previous image (←)">
          ← Previous
        </Button>
        <Button disabled={at < 0 || at >= ids.length - 1} onClick={() => step(1)} title="Next image (→)">
          Next →
        </Button>
        <Button onClick={onClose} title="Close (Esc)">
          Close
        </Button>
      </Box>
      <Box sx={{ flex: 1, minHeight: 0, display: 'flex' }}>
        {image ? (
          <ImageStage key={image.image.imageId} image={image.image} boxes={image.boxes} showBoxes highlighted={highlighted} onHighlight={(i, on) => setHighlighted(on ? i : null)} />
        ) : (
          <Box sx={{ flex: 1, bgcolor: '#000' }} />
        )}
        <Box component="aside" sx={{ width: 340, flex: 'none', overflowY: 'auto', p: 1.5, borderLeft: 1, borderColor: 'divider' }}>
          {failure ? (
            <Alert severity="error" variant="outlined">
              {failure}
            </Alert>
          ) : labels ? (
            <>
              {image && (
                <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                  {image.image.split} · {countOf(image.boxes.length, 'box', 'boxes')}
                </Typography>
              )}
              <OutcomeChips labels={labels.labels} />
            </>
          ) : (
            <CircularProgress size={20} />
          )}
        </Box>
      </Box>
    </Dialog>
  )
}
