import { styled } from '@mui/material/styles'
import { memo, useState } from 'react'
import type { ImageErrorRow } from '../../shared/api/evaluation'
import { useApi } from '../app/api-context'
import { ImageUnavailable } from '../browse/image-unavailable'
import { tileButtonStyle } from '../browse/tile-button-style'
import { formatMetric, outcomeStyle } from './error-format'

const width = 180
const height = 140

const Tile = styled('button')(({ theme }) => ({
  ...tileButtonStyle(theme),
  width,
  height,
}))

const Caption = styled('span')({
  position: 'absolute',
  left: 0,
  right: 0,
  bottom: 0,
  display: 'flex',
  gap: 5,
  padding: '2px 6px',
  fontSize: 11,
  lineHeight: '16px',
  whiteSpace: 'nowrap',
  background: 'rgba(0, 0, 0, 0.7)',
  color: '#e6e6e6',
  pointerEvents: 'none',
})

/** One analysed image: its thumbnail (the browse grid's media URL), its F2 and its TP/FP/FN counts. */
export const ErrorImageTile = memo(function ErrorImageTile({ image, onOpen }: { image: ImageErrorRow; onOpen: (imageId: string) => void }) {
  const client = useApi()
  const [failed, setFailed] = useState(false)
  return (
    <Tile
      type="button"
      data-testid="error-image-tile"
      data-image-id={image.imageId}
      data-f2={image.f2}
      title={image.imageId}
      aria-label={`Image ${image.imageId}: F2 ${formatMetric(image.f2)}, ${image.tp} TP, ${image.fp} FP, ${image.fn} FN`}
      onClick={() => onOpen(image.imageId)}
    >
      {failed ? (
        <ImageUnavailable sx={{ width: '100%', height: '100%', pb: 3 }} />
      ) : (
        <img
          src={client.mediaUrl('thumb', image.imageId)}
          alt=""
          decoding="async"
          width={width}
          height={height}
          style={{ display: 'block', width: '100%', height: '100%', objectFit: 'cover' }}
          onError={() => setFailed(true)}
        />
      )}
      <Caption>
        <span style={{ fontWeight: 600 }}>F2 {formatMetric(image.f2)}</span>
        {(['tp', 'fp', 'fn'] as const).map((outcome) => (
          <span key={outcome} style={{ color: outcomeStyle[outcome].colour }}>
            {image[outcome]} {outcomeStyle[outcome].label}
          </span>
        ))}
      </Caption>
    </Tile>
  )
})
