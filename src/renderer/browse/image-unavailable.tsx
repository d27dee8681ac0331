import Box from '@mui/material/Box'
import type { SxProps, Theme } from '@mui/material/styles'
import { useEffect, useState } from 'react'
import type { MediaKind } from '../../shared/ids'
import { useApi } from '../app/api-context'
import { explainMediaFailure } from './view/media-failure'

export interface ImageUnavailableProps {
  /**
   * The rendition whose `<img>` failed. Given, the placeholder asks the server for the same URL and
   * shows its reason (missing file, undecodable file); without it, just "Image unavailable".
   */
  media?: { kind: MediaKind; imageId: string }
  sx?: SxProps<Theme>
}

/** The server's reason for a failed rendition, null while it is being asked (or when there is nothing to ask). */
function useFailureReason(kind: MediaKind | undefined, imageId: string | undefined): string | null {
  const client = useApi()
  const [answer, setAnswer] = useState<{ key: string; reason: string } | null>(null)
  const key = kind && imageId ? `${kind}:${imageId}` : null
  useEffect(() => {
    if (!kind || !imageId) return
    let live = true
    void explainMediaFailure(client.mediaUrl(kind, imageId), kind, imageId).then((reason) => {
      if (live) setAnswer({ key: `${kind}:${imageId}`, reason })
    })
    return () => {
      live = false
    }
  }, [client, kind, imageId])
  return answer && answer.key === key ? answer.reason : null
}

/**
 * Stands in for an image whose file failed to load, instead of the browser's broken icon, with the
 * reason the server gives. Small print, clipped to a few lines in a grid tile (the tooltip has it all).
 */
export function ImageUnavailable({ media, sx }: ImageUnavailableProps) {
  const reason = useFailureReason(media?.kind, media?.imageId)
  return (
    <Box
      data-testid="image-unavailable"
      data-reason={reason ?? undefined}
      role="img"
      aria-label={reason ? `Image unavailable: ${reason}` : 'Image unavailable'}
      title={reason ?? undefined}
      sx={[
        {
          display: 'flex',
          flexDirection: 'column',
          alignItems: 'center',
          justifyContent: 'center',
          gap: 0.5,
          textAlign: 'center',
          bgcolor: 'action.hover',
          color: 'text.secondary',
          border: 1,
          borderColor: 'divider',
          borderStyle: 'dashed',
          fontSize: 12,
          lineHeight: 1.35,
          p: 1,
          overflow: 'hidden',
        },
        ...(Array.isArray(sx) ? sx : [sx]),
      ]}
    >
      <Box component="span" sx={{ fontWeight: 500, color: 'text.primary' }}>
        Image unavailable
      </Box>
      {reason && (
        <Box
          component="span"
          data-testid="image-unavailable-reason"
          sx={{
            fontSize: 11,
            overflowWrap: 'anywhere',
            display: '-webkit-box',
            WebkitBoxOrient: 'vertical',
            WebkitLineClamp: 6,
            overflow: 'hidden',
            maxWidth: '60ch',
          }}
        >
          {reason}
        </Box>
      )}
    </Box>
  )
}
