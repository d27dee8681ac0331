import { styled } from '@mui/material/styles'
import { memo, useState, type MouseEvent } from 'react'
import type { ImageRecord } from '../../shared/api/index'
import { countOf } from '../app/format'
import { useApi } from '../app/api-context'
import { ImageUnavailable } from './image-unavailable'
import { tileButtonStyle } from './tile-button-style'

/** Side of a square tile, in CSS pixels. */
export const tileSize = 160

const TileButton = styled('button')(({ theme }) => ({
  ...tileButtonStyle(theme),
  flex: 'none',
  width: tileSize,
  height: tileSize,
}))

const Caption = styled('span')({
  position: 'absolute',
  left: 0,
  right: 0,
  bottom: 0,
  padding: '2px 6px',
  fontSize: 11,
  lineHeight: '16px',
  textAlign: 'left',
  whiteSpace: 'nowrap',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  background: 'rgba(0, 0, 0, 0.6)',
  color: '#e6e6e6',
  pointerEvents: 'none',
})

interface ImageTileProps {
  image: ImageRecord
  /** Where the image is in the listing. */
  offset: number
  /** A click, with its modifier keys (Ctrl/Cmd/Shift select, a plain click opens). */
  onClick: (image: ImageRecord, offset: number, event: MouseEvent) => void
  /** In the grid's selection (for a batch edit): outlined and marked. */
  selected?: boolean
}

/**
 * Stops a thumbnail that is still loading when its tile leaves the DOM (scrolled past): without a
 * source the browser drops the request instead of finishing a download nobody will see.
 */
const cancelWhenRemoved = (img: HTMLImageElement | null) => () => {
  if (img && !img.complete) img.removeAttribute('src')
}

/** A tile whose image has not arrived yet. */
export const TilePlaceholder = styled('div')(({ theme }) => ({
  width: tileSize,
  height: tileSize,
  flex: 'none',
  borderRadius: theme.shape.borderRadius,
  background: theme.palette.action.hover,
}))

const SelectedMark = styled('span')(({ theme }) => ({
  position: 'absolute',
  top: 4,
  left: 4,
  width: 18,
  height: 18,
  borderRadius: '50%',
  background: theme.palette.primary.main,
  color: theme.palette.primary.contrastText,
  fontSize: 12,
  lineHeight: '18px',
  textAlign: 'center',
  pointerEvents: 'none',
}))

/**
 * One thumbnail of the grid, with its label and box counts; a click opens the image view (the grid
 * decides: with Ctrl, Cmd or Shift it selects). A selected tile is outlined and ticked.
 */
export const ImageTile = memo(function ImageTile({ image, offset, onClick, selected = false }: ImageTileProps) {
  const client = useApi()
  const [failed, setFailed] = useState(false)
  const caption = `${countOf(image.labelCount, 'label')} · ${countOf(image.boxCount, 'box', 'boxes')}`
  return (
    <TileButton
      type="button"
      data-testid="image-tile"
      data-image-id={image.imageId}
      data-offset={offset}
      aria-label={`Image ${image.imageId}: ${caption}`}
      aria-selected={selected}
      title={image.imageId}
      onClick={(event) => onClick(image, offset, event)}
      // Shift-click selects a range: not the page's text.
      onMouseDown={(event) => event.shiftKey && event.preventDefault()}
      style={selected ? { outline: '3px solid #5aa9ff', outlineOffset: -3 } : undefined}
    >
      {failed ? (
        <ImageUnavailable media={{ kind: 'thumb', imageId: image.imageId }} sx={{ width: '100%', height: '100%', pb: 3 }} />
      ) : (
        <img
          ref={cancelWhenRemoved}
          src={client.mediaUrl('thumb', image.imageId)}
          alt=""
          decoding="async"
          width={tileSize}
          height={tileSize}
          style={{ display: 'block', width: '100%', height: '100%', objectFit: 'cover' }}
          onError={() => setFailed(true)}
        />
      )}
      {selected && <SelectedMark aria-hidden="true">✓</SelectedMark>}
      <Caption data-testid="image-tile-caption">{caption}</Caption>
    </TileButton>
  )
})
