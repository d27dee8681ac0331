import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Dialog from '@mui/material/Dialog'
import Typography from '@mui/material/Typography'
import { useRef, useState, type KeyboardEvent } from 'react'
import type { ImageRecord } from '../../shared/api/index'
import { countOf, formatCount } from '../app/format'
import { monoFont } from '../app/theme'
import { useApiValue } from '../app/use-api-value'
import { annotateKeyAction } from '../annotate/annotate-keys'
import { AddLabel } from '../annotate/add-label'
import { AnnotatePanel, AnnotateToolbar } from '../annotate/annotate-panel'
import { useEditEvents } from '../annotate/edits-context'
import { ImageHistory } from '../annotate/image-history'
import { useImageAnnotation } from '../annotate/use-image-annotation'
import { ImageStage, type StageControls } from './image-stage'
import { LabelPanel } from './label-panel'
import { humanVerdicts, labelGroupCounts, listedLabels, type LabelGroupKind } from './label-groups'
import { BoxList } from './view/box-list'
import { normalizedBox } from './view/box-flags'
import { allGroupsShown, SourceToggles, type ShownGroups } from './view/source-toggles'
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
  /** Shows the boxes (draw mode turns them on). */
  onShowBoxes: () => void
  onStep: (delta: 1 | -1) => void
  onClose: () => void
}

/**
 * One image large, with its boxes and labels, to check and fix. ←/→ or j/k step through the grid, b
 * toggles boxes, +/- zoom, 0 fits, Esc closes; the wheel zooms about the cursor and a drag pans.
 * Annotating: y / n accept / reject the selected label (↑/↓ select), d draws a box, a click selects a
 * box (drag to move, grips to resize), Delete deletes it; Ctrl+Z / Ctrl+Shift+Z undo and redo.
 */
export function ImageView(props: ImageViewProps) {
  const { open, image, index, count, hasMore, showBoxes, onToggleBoxes, onShowBoxes, onStep, onClose } = props
  const imageId = image?.imageId ?? null
  const detail = useApiValue(
    'images.get',
    (client) => client.call('images.get', { imageId: imageId ?? '' }),
    [imageId],
    { banner: false, enabled: open && imageId !== null },
  )
  const current = detail.value && detail.value.image.imageId === imageId ? detail.value : null
  const annotation = useImageAnnotation(current, imageId, onShowBoxes)
  const reloadDetail = detail.reload
  useEditEvents((change) => {
    if (open && imageId !== null && (change.imageIds === null || change.imageIds.includes(imageId))) reloadDetail()
  })
  const stage = useRef<StageControls>(null)
  const [shownGroups, setShownGroups] = useState<ShownGroups>(allGroupsShown)
  // The lit box belongs to one image and one showing of the boxes (a hidden box never gets its pointer-leave).
  const [lit, setLit] = useState<{ imageId: string | null; showBoxes: boolean; index: number } | null>(null)
  const highlighted = lit && lit.imageId === imageId && lit.showBoxes === showBoxes ? lit.index : null
  const onHighlight = (boxIndex: number, on: boolean) =>
    setLit((old) => (on ? { imageId, showBoxes, index: boxIndex } : old?.index === boxIndex ? null : old))

  const listed = listedLabels(current?.labels ?? [], shownGroups)
  const onKeyDown = (event: KeyboardEvent) => {
    const annotate = annotateKeyAction(event)
    if (annotate !== null) {
      event.preventDefault()
      return annotation.runKey(annotate, listed)
    }
    const action = viewKeyAction(event)
    if (action === null) return
    event.preventDefault()
    if (action === 'toggle-boxes') onToggleBoxes()
    else if (action === 'zoom-in') stage.current?.zoomIn()
    else if (action === 'zoom-out') stage.current?.zoomOut()
    else if (action === 'zoom-fit') stage.current?.fit()
    else onStep(action === 'next' ? 1 : -1)
  }

  const onFrame = (boxIndex: number) => {
    const box = current?.boxes[boxIndex]
    if (box) stage.current?.frame(normalizedBox(box))
  }
  const toggleGroup = (kind: LabelGroupKind) => setShownGroups((old) => ({ ...old, [kind]: !old[kind] }))

  const canPrevious = index !== null && index > 0
  const canNext = index !== null && (index < count - 1 || hasMore)
  const place = index === null ? '' : `${formatCount(index + 1)} / ${formatCount(count)}${hasMore ? '+' : ''}`

  return (
    <Dialog
      data-testid="image-view"
      data-image-id={imageId ?? undefined}
      open={open && image !== null}
      onClose={(_event, reason) => {
        // Esc drops the drawn box, the box selection or draw mode before it closes the view.
        if (reason === 'escapeKeyDown' && annotation.escape()) return
        onClose()
      }}
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
            <AnnotateToolbar drawMode={annotation.drawMode} onToggleDraw={annotation.toggleDraw} />
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
            <ImageStage
              key={image.imageId}
              image={image}
              boxes={current?.boxes ?? null}
              showBoxes={showBoxes}
              highlighted={highlighted}
              onHighlight={onHighlight}
              controls={stage}
              editing={{
                drawMode: annotation.drawMode,
                selectedBoxId: annotation.selectedBoxId,
                onSelectBox: annotation.selectBox,
                onDraw: annotation.onDraw,
                draft: annotation.draft?.rect ?? null,
                onReshape: annotation.reshape,
              }}
            />
            <Box component="aside" sx={{ width: 320, flex: 'none', overflowY: 'auto', p: 1.5, borderLeft: 1, borderColor: 'divider' }}>
              <ImageFacts image={current?.image ?? image} boxCount={current?.boxes.length ?? image.boxCount} />
              <SourceToggles
                showBoxes={showBoxes}
                boxCount={current?.boxes.length ?? image.boxCount}
                onToggleBoxes={onToggleBoxes}
                shown={shownGroups}
                counts={labelGroupCounts(current?.labels ?? [])}
                onToggleGroup={toggleGroup}
              />
              <AnnotatePanel annotation={annotation} />
              {current ? (
                <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
                  <BoxList
                    boxes={current.boxes}
                    hidden={!showBoxes}
                    highlighted={highlighted}
                    onHighlight={onHighlight}
                    onFrame={onFrame}
                    selectedBoxId={annotation.selectedBoxId}
                    onSelect={annotation.selectBox}
                  />
                  <LabelPanel
                    labels={current.labels}
                    shown={shownGroups}
                    editing={{
                      selectedKey: annotation.selectedLabel,
                      onSelect: annotation.selectLabel,
                      onVerdict: annotation.setVerdict,
                      humanVerdicts: humanVerdicts(current.labels),
                    }}
                  />
                  <AddLabel onAdd={annotation.addLabel} />
                  <ImageHistory imageId={current.image.imageId} />
                </Box>
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
