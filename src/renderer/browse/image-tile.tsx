import { styled } from '@mui/material/styles'
import { memo, useState } from 'react'
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
  onOpen: (image: ImageRecord, offset: number) => void
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

/** One thumbnail of the grid, with its label and box counts; a click opens the image view. */
export const ImageTile = memo(function ImageTile({ image, offset, onOpen }: ImageTileProps) {
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
      title={image.imageId}
      onClick={() => onOpen(image, offset)}
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
      <Caption data-testid="image-tile-caption">{caption}</Caption>
    </TileButton>
  )
})
