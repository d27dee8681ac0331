import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import { useCallback, useState } from 'react'
import type { ClassRecord, ImageRecord } from '../../shared/api/index'
import { formatCount } from '../app/format'
import { ClassFilter } from './class-filter'
import { ImageGrid } from './image-grid'
import { ImageView } from './image-view'
import { useImagePages } from './use-image-pages'

/** Start loading the next page when the image view gets this close to the last loaded image. */
const viewPrefetch = 5

/** The catalog's images as a grid, filtered by class, with one image opened large on a click. */
export function BrowseView({ catalogVersion }: { catalogVersion: number }) {
  const [filter, setFilter] = useState<ClassRecord | null>(null)
  const pages = useImagePages(filter?.code ?? null, catalogVersion)
  const [viewed, setViewed] = useState<ImageRecord | null>(null)
  const [viewOpen, setViewOpen] = useState(false)
  const [showBoxes, setShowBoxes] = useState(true)

  const { items, hasMore, loadMore } = pages
  const index = viewed ? items.findIndex((image) => image.imageId === viewed.imageId) : -1

  const open = useCallback((image: ImageRecord) => {
    setViewed(image)
    setViewOpen(true)
  }, [])

  const step = (delta: 1 | -1) => {
    if (index < 0) return
    const next = items[index + delta]
    if (next) setViewed(next)
    if (delta === 1 && index + delta >= items.length - viewPrefetch && hasMore) loadMore()
  }

  const shown = items.length
  return (
    <>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, px: 1, pt: 1.5, pb: 0.5 }}>
        <ClassFilter value={filter} onChange={setFilter} />
        <Typography data-testid="image-count" data-count={shown} variant="body2" color="text.secondary">
          {formatCount(shown)} {shown === 1 ? 'image' : 'images'} shown
          {hasMore && shown > 0 ? ' (more load as you scroll)' : ''}
          {filter ? ` · ${filter.name}` : ''}
        </Typography>
      </Box>
      <ImageGrid pages={pages} onOpen={open} />
      <ImageView
        open={viewOpen}
        image={viewed}
        index={index < 0 ? null : index}
        count={items.length}
        hasMore={hasMore}
        showBoxes={showBoxes}
        onToggleBoxes={() => setShowBoxes((on) => !on)}
        onStep={step}
        onClose={() => setViewOpen(false)}
      />
    </>
  )
}
