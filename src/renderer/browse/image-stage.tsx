import Box from '@mui/material/Box'
import { useImperativeHandle, useRef, useState, type PointerEvent, type Ref } from 'react'
import type { ImageBox, ImageRecord } from '../../shared/api/index'
import { BoxEditor } from '../annotate/box-editor'
import { DraftRect, DrawSurface } from '../annotate/draw-layer'
import { boxIdOf, type StageEditing } from '../annotate/stage-editing'
import { useDrawBox } from '../annotate/use-draw-box'
import { useApi } from '../app/api-context'
import { BoxOverlay } from './box-overlay'
import { ImageUnavailable } from './image-unavailable'
import { zoomStep, type NormalizedRect, type Size } from './view/stage-view'
import { useElementSize } from './use-element-size'
import { stageControlAttribute, useStageView } from './view/use-stage-view'
import { ZoomControls } from './view/zoom-controls'

/** What the image view (its keys, its box list) can ask of the stage. */
export interface StageControls {
  zoomIn: () => void
  zoomOut: () => void
  fit: () => void
  /** Zooms to a box (normalized coordinates), with a margin around it. */
  frame: (rect: NormalizedRect) => void
}

interface ImageStageProps {
  image: ImageRecord
  /** Null until the image's detail has arrived. */
  boxes: readonly ImageBox[] | null
  showBoxes: boolean
  highlighted: number | null
  onHighlight: (index: number, on: boolean) => void
  controls?: Ref<StageControls>
  /** Box editing (the image view); without it the stage only shows. */
  editing?: StageEditing
}

function knownSize(image: ImageRecord): Size | null {
  return image.width && image.height ? { width: image.width, height: image.height } : null
}

/**
 * The full image in a stage that zooms and pans, with its boxes in the same layer so they stay on
 * the picture at any zoom. The layer is sized and moved (not CSS-scaled), so box borders and tags
 * keep their size while the image grows. A file that fails shows the server's reason instead.
 * Mount with `key={imageId}`: zoom starts at fit for every image. With `editing`, a click selects a
 * box, the selected box moves and resizes, and in draw mode a drag draws a box instead of panning.
 */
export function ImageStage({ image, boxes, showBoxes, highlighted, onHighlight, controls, editing }: ImageStageProps) {
  const client = useApi()
  const [failed, setFailed] = useState(false)
  const [size, setSize] = useState<Size | null>(() => knownSize(image))
  const stageRef = useRef<HTMLDivElement>(null)
  const measured = useElementSize(stageRef)
  const stage = measured.width > 0 && measured.height > 0 ? measured : null
  const { view, fitted, dragging, zoomBy, fit, frame, handlers } = useStageView(stageRef, failed ? null : size, stage)

  const layerRef = useRef<HTMLDivElement>(null)
  const draw = useDrawBox(layerRef, (rect) => editing?.onDraw(rect))
  const clicks = useBoxClicks(handlers, editing)

  useImperativeHandle(controls, () => ({ zoomIn: () => zoomBy(zoomStep), zoomOut: () => zoomBy(1 / zoomStep), fit, frame }), [zoomBy, fit, frame])

  const placed = view && size
  const selected = showBoxes && editing && !editing.drawMode ? (boxes?.find((box) => box.boxId === editing.selectedBoxId) ?? null) : null
  return (
    <Box
      ref={stageRef}
      data-testid="image-stage"
      data-draw-mode={editing?.drawMode ? 'true' : undefined}
      {...handlers}
      {...clicks}
      sx={{
        position: 'relative',
        flex: 1,
        minWidth: 0,
        minHeight: 0,
        overflow: 'hidden',
        bgcolor: '#000',
        touchAction: 'none',
        userSelect: 'none',
        cursor: dragging ? 'grabbing' : fitted ? 'default' : 'grab',
      }}
    >
      {failed ? (
        <Box sx={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', p: 2 }}>
          <ImageUnavailable media={{ kind: 'full', imageId: image.imageId }} sx={{ width: 'min(100%, 520px)', minHeight: 220, fontSize: 14 }} />
        </Box>
      ) : (
        <Box
          ref={layerRef}
          data-testid="image-stage-layer"
          style={
            placed
              ? {
                  position: 'absolute',
                  left: 0,
                  top: 0,
                  width: size.width * view.scale,
                  height: size.height * view.scale,
                  transform: `translate(${view.x}px, ${view.y}px)`,
                }
              : { position: 'absolute', visibility: 'hidden' }
          }
        >
          <img
            src={client.mediaUrl('full', image.imageId)}
            alt={`Image ${image.imageId}`}
            draggable={false}
            style={placed ? { display: 'block', width: '100%', height: '100%' } : { display: 'block' }}
            onLoad={(event) => {
              const { naturalWidth: width, naturalHeight: height } = event.currentTarget
              if (width > 0 && height > 0 && (width !== size?.width || height !== size?.height)) setSize({ width, height })
            }}
            onError={() => setFailed(true)}
          />
          {placed && showBoxes && boxes && <BoxOverlay boxes={boxes} highlighted={highlighted} onHighlight={onHighlight} omitBoxId={selected ? selected.boxId : null} />}
          {placed && selected && editing && <BoxEditor box={selected} image={layerRef} onReshape={editing.onReshape} onSelectBox={editing.onSelectBox} />}
          {placed && (draw.drawing ?? editing?.draft) && <DraftRect rect={(draw.drawing ?? editing?.draft)!} />}
        </Box>
      )}
      {!failed && placed && editing?.drawMode && <DrawSurface handlers={draw.handlers} />}
      {!failed && view && (
        <ZoomControls scale={view.scale} fitted={fitted} onZoomIn={() => zoomBy(zoomStep)} onZoomOut={() => zoomBy(1 / zoomStep)} onFit={fit} />
      )}
    </Box>
  )
}

/** Movement under which a press and release on the stage is a click, not a pan. */
const clickSlop = 4

/**
 * With editing: a click (press and release without a pan) on a box selects it, a click beside
 * every box clears the selection. The pan handlers still run first.
 */
function useBoxClicks(handlers: ReturnType<typeof useStageView>['handlers'], editing: StageEditing | undefined) {
  const press = useRef<{ pointerId: number; x: number; y: number; boxId: number | null } | null>(null)
  return {
    onPointerDown: (event: PointerEvent<HTMLElement>) => {
      const onControl = event.target instanceof Element && event.target.closest(`[${stageControlAttribute}]`) !== null
      press.current = editing && event.button === 0 && !onControl ? { pointerId: event.pointerId, x: event.clientX, y: event.clientY, boxId: boxIdOf(event.target) } : null
      handlers.onPointerDown(event)
    },
    onPointerUp: (event: PointerEvent<HTMLElement>) => {
      handlers.onPointerUp(event)
      const start = press.current
      press.current = null
      if (!editing || start?.pointerId !== event.pointerId) return
      if (Math.hypot(event.clientX - start.x, event.clientY - start.y) < clickSlop) editing.onSelectBox(start.boxId)
    },
  }
}
