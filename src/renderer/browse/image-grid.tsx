import Box from '@mui/material/Box'
import LinearProgress from '@mui/material/LinearProgress'
import Typography from '@mui/material/Typography'
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, type MouseEvent } from 'react'
import type { ImageRecord } from '../../shared/api/index'
import { isSelected, selectGesture, type GridSelection, type SelectGesture } from '../annotate/grid-selection'
import { columnsFor, firstVisibleRow, gridHeight, mountedRows, revealRow, rowOf, rowTop, topForRow, type GridLayout } from './grid-layout'
import { ImageTile, TilePlaceholder, tileSize } from './image-tile'
import { elementTop } from './scaled-scroll'
import { useElementSize } from './use-element-size'
import type { ImageWindow } from './use-image-window'
import { useScaledScroll } from './use-scaled-scroll'

const gap = 8
const padding = 8
/** Rows mounted beyond each edge of the viewport. Few: every mounted row loads its thumbnails. */
const overscan = 1

export interface GridAnchor {
  /** The offset to show first. */
  offset: number
  /** Bumped for every new request to scroll there (a new filter, a restored or popped URL). */
  seq: number
}

/** A tile to scroll into view (as little as needed), once per object given. */
export interface GridReveal {
  offset: number
  /** Also focus the tile (without scrolling again), e.g. back from the image view. */
  focus: boolean
}

interface ImageGridProps {
  images: ImageWindow
  /** Scrolls so `offset` is in the first visible row whenever `seq` changes (once the total is known). */
  anchor: GridAnchor
  /** A tile to bring into view: the image the image view shows, or the last one it showed. */
  reveal: GridReveal | null
  /** The offset of the first visible tile, as the user scrolls. */
  onFirstVisible: (offset: number) => void
  onOpen: (image: ImageRecord, offset: number) => void
  /** The images selected for a batch edit. */
  selection?: GridSelection
  /** Ctrl/Cmd-click toggles a tile, Shift-click selects a range (with Ctrl/Cmd: adds it). */
  onSelect?: (image: ImageRecord, offset: number, gesture: SelectGesture) => void
  /** Ctrl/Cmd+A in the grid: every image of the listing. */
  onSelectAll?: () => void
}

/**
 * The whole filtered listing as a virtualized grid of thumbnails: one native scrollbar over all
 * of it (scaled past what a browser can lay out, see scaled-scroll.ts) and only the rows in view
 * mounted, so only their thumbnails load; a row scrolled away drops its <img>s, which cancels them.
 */
export function ImageGrid({ images, anchor, reveal, onFirstVisible, onOpen, selection, onSelect, onSelectAll }: ImageGridProps) {
  const ref = useRef<HTMLDivElement>(null)
  const size = useElementSize(ref)
  const layout = useMemo<GridLayout>(() => ({ columns: columnsFor(size.width, tileSize, gap, padding), rowHeight: tileSize + gap, gap, padding }), [size.width])
  const total = images.total ?? 0
  const scroll = useScaledScroll(ref, gridHeight(total, layout), size.height)
  const { scrollTo, current } = scroll
  const rows = mountedRows(scroll.position.virtualTop, size.height, total, layout, overscan)
  const ready = images.total !== null && size.height > 0
  const firstOffset = Math.min(Math.max(0, total - 1), firstVisibleRow(scroll.position.virtualTop, layout) * layout.columns)

  // Scroll to the anchor once the listing's size is known; until then report no position.
  const appliedSeq = useRef(-1)
  useLayoutEffect(() => {
    if (!ready || appliedSeq.current === anchor.seq) return
    appliedSeq.current = anchor.seq
    scrollTo(topForRow(rowOf(anchor.offset, layout), layout))
  }, [ready, anchor, layout, scrollTo])

  // Keep the first visible tile first when the number of columns changes (a resized window).
  const columnsRef = useRef(layout.columns)
  const firstRef = useRef(anchor.offset)
  useLayoutEffect(() => {
    if (columnsRef.current === layout.columns) return
    columnsRef.current = layout.columns
    if (ready && appliedSeq.current === anchor.seq) scrollTo(topForRow(rowOf(firstRef.current, layout), layout))
  }, [layout, ready, anchor.seq, scrollTo])

  // Bring the tile of the image view's image into view; focus it once it is mounted, if asked.
  const revealed = useRef<GridReveal | null>(null)
  const toFocus = useRef<GridReveal | null>(null)
  useLayoutEffect(() => {
    if (reveal === null || reveal === revealed.current || !ready || appliedSeq.current !== anchor.seq) return
    revealed.current = reveal
    toFocus.current = reveal.focus ? reveal : null
    const { virtualTop } = current()
    const next = revealRow(virtualTop, size.height, rowOf(reveal.offset, layout), layout)
    if (next !== virtualTop) scrollTo(next)
  }, [reveal, ready, anchor.seq, layout, size.height, current, scrollTo])
  useEffect(() => {
    const target = toFocus.current
    const tile = target && ref.current?.querySelector<HTMLElement>(`[data-offset="${target.offset}"]`)
    if (!tile) return
    toFocus.current = null
    tile.focus({ preventScroll: true })
  })

  const virtualTop = scroll.position.virtualTop
  useEffect(() => {
    if (!ready || appliedSeq.current !== anchor.seq) return
    // From the live position: this effect may run before the render that an anchor's scroll caused.
    const first = Math.min(Math.max(0, total - 1), firstVisibleRow(current().virtualTop, layout) * layout.columns)
    firstRef.current = first
    onFirstVisible(first)
  }, [ready, anchor.seq, virtualTop, total, layout, current, onFirstVisible])

  const { show } = images
  useEffect(() => {
    if (images.total === null) return
    show(rows.first * layout.columns, Math.min(images.total, rows.last * layout.columns))
  }, [images.total, rows.first, rows.last, layout.columns, show])

  const onTileClick = useCallback(
    (image: ImageRecord, offset: number, event: MouseEvent) => {
      const gesture = onSelect ? selectGesture(event) : null
      if (gesture && onSelect) onSelect(image, offset, gesture)
      else onOpen(image, offset)
    },
    [onOpen, onSelect],
  )

  const mounted: number[] = []
  for (let row = rows.first; row < rows.last; row++) mounted.push(row)
  return (
    <Box sx={{ flex: 1, minHeight: 0, position: 'relative', display: 'flex', flexDirection: 'column' }}>
      <Box
        ref={ref}
        data-testid="image-grid"
        data-at={ready ? firstOffset : undefined}
        data-columns={layout.columns}
        aria-busy={images.loading}
        aria-label="Images"
        tabIndex={0}
        onScroll={scroll.onScroll}
        onKeyDown={(event) => {
          if (onSelectAll && (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a') {
            event.preventDefault()
            return onSelectAll()
          }
          // Straight to an end: near an end of the track the browser's own Home/End is a small move.
          if ((event.key !== 'Home' && event.key !== 'End') || event.altKey || event.metaKey || event.shiftKey) return
          event.preventDefault()
          scrollTo(event.key === 'Home' ? 0 : Number.MAX_SAFE_INTEGER)
        }}
        sx={{
          flex: 1,
          minHeight: 0,
          overflowY: 'auto',
          overflowX: 'hidden',
          overflowAnchor: 'none',
          outline: 'none',
          '&:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineOffset: -2 },
        }}
      >
        {/* Clipped: the overscan row below must not make the element taller than the scaling assumes. */}
        <div style={{ position: 'relative', height: scroll.scrollHeight, overflow: 'clip' }}>
          {mounted.map((row) => (
            <Box
              key={row}
              data-row={row}
              sx={{ position: 'absolute', left: padding, display: 'flex', gap: `${gap}px` }}
              style={{ top: elementTop(rowTop(row, layout), scroll.position) }}
            >
              {cellsOf(row, layout.columns, total).map((offset) => {
                const image = images.itemAt(offset)
                return image ? <ImageTile key={image.imageId} image={image} offset={offset} onClick={onTileClick} selected={selection ? isSelected(selection, image.imageId) : false} /> : <TilePlaceholder key={`pending-${offset}`} data-testid="image-tile-pending" />
              })}
            </Box>
          ))}
        </div>
      </Box>
      {images.total === 0 && (
        <Typography data-testid="image-grid-empty" color="text.secondary" sx={{ position: 'absolute', top: 0, p: 2 }}>
          No images match these filters.
        </Typography>
      )}
      {images.loading && <LinearProgress data-testid="image-grid-loading" sx={{ position: 'absolute', top: 0, left: 0, right: 0 }} />}
    </Box>
  )
}

function cellsOf(row: number, columns: number, total: number): number[] {
  const cells: number[] = []
  for (let offset = row * columns; offset < Math.min(total, (row + 1) * columns); offset++) cells.push(offset)
  return cells
}
