import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Dialog from '@mui/material/Dialog'
import Typography from '@mui/material/Typography'
import type { KeyboardEvent } from 'react'
import type { ImageRecord } from '../../shared/api/index'
import { countOf, formatCount } from '../app/format'
import { monoFont } from '../app/theme'
import { useApiValue } from '../app/use-api-value'
import { ImageStage } from './image-stage'
import { LabelPanel } from './label-panel'
import { viewKeyAction } from './view-keys'

export interface ImageViewProps {
  open: boolean
  /** The image shown; kept after closing so the closing transition still has content. */
  image: ImageRecord | null
  /** Where the image is in the grid's order; null when it is not among the loaded images. */
  index: number | null
  /** Images loaded in the grid, and whether more follow. */
  count: number
  hasMore: boolean
  showBoxes: boolean
  onToggleBoxes: () => void
  onStep: (delta: 1 | -1) => void
  onClose: () => void
}

/** One image large, with its boxes and labels. ←/→ or j/k step through the grid, b toggles boxes. */
export function ImageView(props: ImageViewProps) {
  const { open, image, index, count, hasMore, showBoxes, onToggleBoxes, onStep, onClose } = props
  const imageId = image?.imageId ?? null
  const detail = useApiValue(
    'images.get',
    (client) => client.call('images.get', { imageId: imageId ?? '' }),
    [imageId],
    { banner: false, enabled: open && imageId !== null },
  )
  const current = detail.value && detail.value.image.imageId === imageId ? detail.value : null

  const onKeyDown = (event: KeyboardEvent) => {
    const action = viewKeyAction(event)
    if (action === null) return
    event.preventDefault()
    if (action === 'toggle-boxes') onToggleBoxes()
    else onStep(action === 'next' ? 1 : -1)
  }

  const canPrevious = index !== null && index > 0
  const canNext = index !== null && (index < count - 1 || hasMore)
  const place = index === null ? '' : `${formatCount(index + 1)} / ${formatCount(count)}${hasMore ? '+' : ''}`

  return (
    <Dialog
      data-testid="image-view"
      data-image-id={imageId ?? undefined}
      open={open && image !== null}
      onClose={onClose}
      onKeyDown={onKeyDown}
      maxWidth={false}
      aria-label={imageId ? `Image ${imageId}` : 'Image'}
      slotProps={{ paper: { sx: { width: '96vw', height: '94vh', m: 0, display: 'flex', flexDirection: 'column' } } }}
    >
      {image && (
        <>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, px: 1.5, py: 0.75, borderBottom: 1, borderColor: 'divider' }}>
            <Typography variant="body2" sx={{ fontFamily: monoFont }}>
              {image.imageId}
            </Typography>
            <Typography variant="body2" color="text.secondary" data-testid="image-view-position">
              {place}
            </Typography>
            <Box sx={{ flex: 1 }} />
            <Button variant={showBoxes ? 'contained' : 'outlined'} onClick={onToggleBoxes} title="Show or hide boxes (b)">
              Boxes
            </Button>
            <Button disabled={!canPrevious} onClick={() => onStep(-1)} title="Previous image (← or k)">
              ← Previous
            </Button>
            <Button disabled={!canNext} onClick={() => onStep(1)} title="Next image (→ or j)">
              Next →
            </Button>
            <Button onClick={onClose} title="Close (Esc)">
              Close
            </Button>
          </Box>
          <Box sx={{ flex: 1, minHeight: 0, display: 'flex' }}>
            <Box
              sx={{
                flex: 1,
                minWidth: 0,
                containerType: 'size',
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'center',
                bgcolor: '#000',
                overflow: 'hidden',
              }}
            >
              <ImageStage key={image.imageId} image={image} boxes={current?.boxes ?? null} showBoxes={showBoxes} />
            </Box>
            <Box component="aside" sx={{ width: 320, flex: 'none', overflowY: 'auto', p: 1.5, borderLeft: 1, borderColor: 'divider' }}>
              <ImageFacts image={current?.image ?? image} boxCount={current?.boxes.length ?? image.boxCount} />
              {current ? (
                <LabelPanel labels={current.labels} />
              ) : detail.error ? (
                <Alert severity="error" variant="outlined" action={<Button color="inherit" onClick={detail.reload}>Retry</Button>}>
                  {detail.error}
                </Alert>
              ) : (
                <CircularProgress size={20} />
              )}
            </Box>
          </Box>
        </>
      )}
    </Dialog>
  )
}

function ImageFacts({ image, boxCount }: { image: ImageRecord; boxCount: number }) {
  const size = image.width && image.height ? `${image.width} × ${image.height} px` : 'size not read yet'
  return (
    <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
      {image.split} · {size} · {countOf(boxCount, 'box', 'boxes')}
    </Typography>
  )
}
