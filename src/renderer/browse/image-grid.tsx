import Box from '@mui/material/Box'
import LinearProgress from '@mui/material/LinearProgress'
import Typography from '@mui/material/Typography'
import { useRef } from 'react'
import type { ImageRecord } from '../../shared/api/index'
import { ImageTile, tileSize } from './image-tile'
import type { ImagePages } from './use-image-pages'
import { useLoadMore } from './use-load-more'

interface ImageGridProps {
  pages: ImagePages
  onOpen: (image: ImageRecord) => void
}

/**
 * The thumbnails in catalog order, in their own scrolling area; the next page loads as the user
 * nears the bottom. Every tile stays in the DOM (virtualization comes later).
 */
export function ImageGrid({ pages, onOpen }: ImageGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const sentinelRef = useRef<HTMLDivElement>(null)
  const { items, hasMore, loading, failed, loadMore } = pages
  useLoadMore(scrollRef, sentinelRef, hasMore && !loading && !failed, items.length, loadMore)

  return (
    <Box ref={scrollRef} sx={{ flex: 1, minHeight: 0, overflowY: 'auto', position: 'relative' }}>
      <Box
        data-testid="image-grid"
        aria-busy={loading}
        sx={{
          display: 'grid',
          gridTemplateColumns: `repeat(auto-fill, ${tileSize}px)`,
          gridAutoRows: `${tileSize}px`,
          gap: 1,
          p: 1,
        }}
      >
        {items.map((image) => (
          <ImageTile key={image.imageId} image={image} onOpen={onOpen} />
        ))}
      </Box>
      {!loading && !hasMore && items.length === 0 && (
        <Typography data-testid="image-grid-empty" color="text.secondary" sx={{ p: 2 }}>
          No images to show.
        </Typography>
      )}
      <div ref={sentinelRef} style={{ height: 1 }} />
      {loading && <LinearProgress data-testid="image-grid-loading" sx={{ mx: 1, mb: 1 }} />}
    </Box>
  )
}
