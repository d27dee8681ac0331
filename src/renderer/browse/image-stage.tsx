import Box from '@mui/material/Box'
import { useState } from 'react'
import type { ImageBox, ImageRecord } from '../../shared/api/index'
import { useApi } from '../app/api-context'
import { BoxOverlay } from './box-overlay'
import { ImageUnavailable } from './image-unavailable'

interface ImageStageProps {
  image: ImageRecord
  /** Null until the image's detail has arrived. */
  boxes: readonly ImageBox[] | null
  showBoxes: boolean
}

interface PixelSize {
  width: number
  height: number
}

function knownSize(image: ImageRecord): PixelSize | null {
  return image.width && image.height ? { width: image.width, height: image.height } : null
}

/**
 * The full image, as large as the stage allows without distortion, with its boxes on top. The
 * frame around the image is sized from the image's aspect ratio in container query units, so the
 * boxes' percentages match the picture exactly. Mount with `key={imageId}`.
 */
export function ImageStage({ image, boxes, showBoxes }: ImageStageProps) {
  const client = useApi()
  const [failed, setFailed] = useState(false)
  const [size, setSize] = useState<PixelSize | null>(() => knownSize(image))

  if (failed) return <ImageUnavailable sx={{ width: 'min(100%, 480px)', aspectRatio: '4 / 3' }} />

  const frame = size
    ? {
        width: `min(100cqw, calc(100cqh * ${size.width / size.height}))`,
        aspectRatio: `${size.width} / ${size.height}`,
      }
    : { maxWidth: '100cqw', maxHeight: '100cqh' }

  return (
    <Box data-testid="image-stage-frame" sx={{ position: 'relative', lineHeight: 0, ...frame }}>
      <img
        src={client.mediaUrl('full', image.imageId)}
        alt={`Image ${image.imageId}`}
        style={
          size
            ? { display: 'block', width: '100%', height: '100%' }
            : { display: 'block', maxWidth: '100cqw', maxHeight: '100cqh' }
        }
        onLoad={(event) => {
          const { naturalWidth: width, naturalHeight: height } = event.currentTarget
          if (width > 0 && height > 0 && (width !== size?.width || height !== size?.height)) setSize({ width, height })
        }}
        onError={() => setFailed(true)}
      />
      {size && showBoxes && boxes && <BoxOverlay boxes={boxes} />}
    </Box>
  )
}
