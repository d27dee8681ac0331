import Button from '@mui/material/Button'
import Typography from '@mui/material/Typography'
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ImageFilter } from '../../shared/api/index'
import { BatchBar } from '../annotate/batch-bar'
import { useGridSelection } from '../annotate/use-grid-selection'
import { useReloadOnEdits } from '../annotate/use-reload-on-edits'
import { formatCount } from '../app/format'
import { FilterPanel } from './filter-panel'
import { ImageGrid, type GridAnchor, type GridReveal } from './image-grid'
import { ImageView } from './image-view'
import { useImageWindow } from './use-image-window'
import { readUrlView, useUrlState } from './use-url-state'
import { useViewedImage } from './use-viewed-image'
import { filterKey, type ViewState } from './view-state'

/**
 * The catalog's images: filters on top, the matching images as one virtualized grid, one image
 * large in the image view. The whole view lives in the URL (see use-url-state.ts). Ctrl/Cmd-click,
 * Shift-click, and Select all or Ctrl+A (the whole filter, not only the tiles loaded) select images
 * for a batch edit in the bar below the grid; Esc clears. After edits the grid reloads its page of images (once the image view is closed), so its counts stay right.
 */
export function BrowseView({ catalogVersion }: { catalogVersion: number }) {
  const [initial] = useState(readUrlView)
  const [filter, setFilter] = useState<ImageFilter>(initial.filter)
  const [at, setAt] = useState(initial.at)
  const [anchor, setAnchor] = useState<GridAnchor>({ offset: initial.at, seq: 0 })
  const [viewOpen, setViewOpen] = useState(false)
  const editVersion = useReloadOnEdits(viewOpen)
  // Both only grow: their sum changes whenever either does.
  const images = useImageWindow(filter, catalogVersion + editVersion, anchor.offset)
  const viewer = useViewedImage(images)
  const selection = useGridSelection(images, filter)
  useEffect(() => setViewOpen(viewer.open), [viewer.open])
  const [showBoxes, setShowBoxes] = useState(true)
  const [revealAfterClose, setRevealAfterClose] = useState<GridReveal | null>(null)

  const { showById } = viewer
  useEffect(() => {
    if (initial.image) showById(initial.image)
  }, [initial.image, showById])

  const changeFilter = useCallback(
    (patch: Partial<ImageFilter>) => {
      const next = { ...filter, ...patch }
      setFilter(next)
      if (filterKey(next) === filterKey(filter)) return
      setAt(0)
      setAnchor((a) => ({ offset: 0, seq: a.seq + 1 }))
    },
    [filter],
  )

  const onPop = useCallback(
    (view: ViewState) => {
      setFilter(view.filter)
      setAt(view.at)
      setAnchor((a) => ({ offset: view.at, seq: a.seq + 1 }))
      showById(view.image)
    },
    [showById],
  )
  useUrlState({ filter, at, image: viewer.imageId }, onPop)

  const { close, index } = viewer
  const closeView = useCallback(() => {
    close()
    // After the dialog has handed focus back (which may scroll to the tile it was opened from):
    // the grid shows, and focuses, the tile of the image last viewed.
    if (index !== null) requestAnimationFrame(() => setRevealAfterClose({ offset: index, focus: true }))
  }, [close, index])

  const follow = viewer.follow
  const followed = useMemo<GridReveal | null>(() => (follow === null ? null : { offset: follow, focus: false }), [follow])

  const total = images.total
  const failed = images.failed
  const { selectAll } = selection
  // Made again only when what it shows changes, not on every row the grid scrolls past.
  const panel = useMemo(
    () => (
      <FilterPanel filter={filter} onChange={changeFilter}>
        <Typography data-testid="image-count" data-count={total ?? undefined} variant="body2" color="text.secondary" noWrap>
          {total !== null ? `${formatCount(total)} ${total === 1 ? 'image' : 'images'}` : failed ? 'Not counted' : 'Counting…'}
        </Typography>
        <Button data-testid="select-all" disabled={!total} onClick={selectAll} title="Select every image of this filter for a batch edit, not only those shown (Ctrl+A in the grid; Esc clears)">
          Select all
        </Button>
      </FilterPanel>
    ),
    [filter, changeFilter, total, failed, selectAll],
  )
  return (
    <>
      {panel}
      <ImageGrid
        images={images}
        anchor={anchor}
        reveal={followed ?? revealAfterClose}
        onFirstVisible={setAt}
        onOpen={viewer.show}
        selection={selection.selection}
        onSelect={selection.select}
        onSelectAll={selectAll}
      />
      <BatchBar selection={selection.selection} onClear={selection.clear} />
      <ImageView
        open={viewer.open}
        image={viewer.image}
        index={viewer.index}
        count={total ?? 0}
        hasMore={false}
        showBoxes={showBoxes}
        onToggleBoxes={() => setShowBoxes((on) => !on)}
        onShowBoxes={() => setShowBoxes(true)}
        onStep={viewer.step}
        onClose={closeView}
      />
    </>
  )
}
