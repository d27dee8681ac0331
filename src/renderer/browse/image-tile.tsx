import { styled } from '@mui/material/styles'
import { memo, useState } from 'react'
import type { ImageRecord } from '../../shared/api/index'
import { countOf } from '../app/format'
import { useApi } from '../app/api-context'
import { ImageUnavailable } from './image-unavailable'

/** Side of a square tile, in CSS pixels. */
export const tileSize = 160

const TileButton = styled('button')(({ theme }) => ({
  position: 'relative',
  width: tileSize,
  height: tileSize,
  padding: 0,
  border: 0,
  borderRadius: theme.shape.borderRadius,
  overflow: 'hidden',
  cursor: 'pointer',
  background: theme.palette.action.hover,
  color: 'inherit',
  font: 'inherit',
  '&:hover': { outline: `1px solid ${theme.palette.text.secondary}` },
  '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}`, outlineOffset: 1 },
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
  onOpen: (image: ImageRecord) => void
}

/** One thumbnail of the grid, with its label and box counts; a click opens the image view. */
export const ImageTile = memo(function ImageTile({ image, onOpen }: ImageTileProps) {
  const client = useApi()
  const [failed, setFailed] = useState(false)
  const caption = `${countOf(image.labelCount, 'label')} · ${countOf(image.boxCount, 'box', 'boxes')}`
  return (
    <TileButton
      type="button"
      data-testid="image-tile"
      data-image-id={image.imageId}
      aria-label={`Image ${image.imageId}: ${caption}`}
      title={image.imageId}
      onClick={() => onOpen(image)}
    >
      {failed ? (
        <ImageUnavailable sx={{ width: '100%', height: '100%', pb: 3 }} />
      ) : (
        <img
          src={client.mediaUrl('thumb', image.imageId)}
          alt=""
          loading="lazy"
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
