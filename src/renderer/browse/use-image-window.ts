import { useCallback, useEffect, useRef, useState } from 'react'
import type { ImageFilter, ImageRecord } from '../../shared/api/index'
import { useApi } from '../app/api-context'
import { useErrorReporter } from '../app/error-reporter'
import { effectiveFilter, filterKey } from './view-state'

/** Images per `images.window` call, and the unit the cache keeps: 25 rows of 8, a few screens. */
export const windowBlock = 200
/** Blocks kept; the ones farthest from the viewport go first. */
const maxBlocks = 40
/** While the visible range keeps moving (the thumb dragged), wait this long for it to settle… */
const settleMs = 80
/** …but never longer than this, so a long steady scroll still fills in. */
const maxWaitMs = 300

export interface ImageWindow {
  /** Differs for every listing (filter and catalog version). */
  listingKey: string
  /** Images matching the filter; null until the first answer for this filter. */
  total: number | null
  loading: boolean
  /** A call failed; nothing is asked again until `retry`. */
  failed: boolean
  /** Changes whenever images arrive, for readers that memoize. */
  version: number
  itemAt(offset: number): ImageRecord | undefined
  /** Where a loaded image is in the listing; null when it is in no loaded block. */
  indexOf(imageId: string): number | null
  /** The grid shows [first, last): loads the blocks that cover it once the scrolling settles. */
  show(first: number, last: number): void
  retry(): void
}

/** One listing: a filter, the catalog version, and what has been loaded of it. */
interface Listing {
  key: string
  reloadKey: number
  filter: ImageFilter
  total: number | null
  blocks: Map<number, ImageRecord[]>
  /** Blocks kept from before a reload of the same filter: shown until their fresh copy arrives. */
  stale: Set<number>
  inFlight: Set<number>
  failed: Set<number>
  /** The range the grid showed last, in offsets. */
  wanted: { first: number; last: number }
}

function newListing(filter: ImageFilter, reloadKey: number, around: number, previous: Listing | null): Listing {
  const key = filterKey(filter)
  const reload = previous?.key === key
  return {
    key,
    reloadKey,
    filter: effectiveFilter(filter),
    // After a catalog reload keep the old total until the new one comes, so the grid keeps its place.
    total: reload ? previous.total : null,
    // …and the images, so the grid does not blank out while the fresh ones come (after an edit, say).
    blocks: reload ? new Map(previous.blocks) : new Map(),
    stale: reload ? new Set(previous.blocks.keys()) : new Set(),
    inFlight: new Set(),
    failed: new Set(),
    wanted: { first: around, last: around + 1 },
  }
}

const blocksOf = ({ first, last }: { first: number; last: number }): number[] => {
  const blocks: number[] = []
  for (let b = Math.floor(first / windowBlock); b <= Math.floor(Math.max(first, last - 1) / windowBlock); b++) blocks.push(b)
  return blocks
}

/** Drops the blocks farthest from what is shown once there are more than `maxBlocks`. */
function evict(listing: Listing): void {
  if (listing.blocks.size <= maxBlocks) return
  const centre = (listing.wanted.first + listing.wanted.last) / 2 / windowBlock
  const far = [...listing.blocks.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre))
  for (const block of far.slice(0, listing.blocks.size - maxBlocks)) {
    listing.blocks.delete(block)
    listing.stale.delete(block)
  }
}

/**
 * Random access into the listing `filter` describes, through `images.window`: blocks of 200 images
 * are loaded around what the grid shows, kept by offset, and asked for only once the scrolling
 * settles. A new filter (or `reloadKey`, after the catalog changed) starts a new listing at
 * `around`; answers for an older listing are dropped. A reload of the same filter shows the images
 * it had until their fresh copies arrive.
 */
export function useImageWindow(filter: ImageFilter, reloadKey: number, around: number): ImageWindow {
  const client = useApi()
  const { report, clear } = useErrorReporter()
  const [listing, setListing] = useState(() => newListing(filter, reloadKey, around, null))
  const [version, setVersion] = useState(0)
  if (listing.key !== filterKey(filter) || listing.reloadKey !== reloadKey) {
    // A new listing from this render on (React re-renders before the children see the old one).
    setListing(newListing(filter, reloadKey, around, listing))
  }
  const current = useRef(listing)
  const timer = useRef<{ id: ReturnType<typeof setTimeout>; since: number } | null>(null)
  const retryRef = useRef(() => {})

  /** Asks for the blocks of `target.wanted` that are neither loaded, on their way, nor failed. */
  const load = useCallback(
    (target: Listing) => {
      const total = target.total ?? Infinity
      const needed = blocksOf(target.wanted).filter(
        (b) => b * windowBlock < total && (!target.blocks.has(b) || target.stale.has(b)) && !target.inFlight.has(b) && !target.failed.has(b),
      )
      for (const block of needed) {
        target.inFlight.add(block)
        const args = { filter: target.filter, offset: block * windowBlock, limit: windowBlock }
        client.call('images.window', args).then(
          (answer) => {
            if (current.current !== target) return
            target.inFlight.delete(block)
            target.total = answer.total
            target.blocks.set(block, answer.items)
            target.stale.delete(block)
            evict(target)
            clear('images.window')
            setVersion((n) => n + 1)
          },
          (error: unknown) => {
            if (current.current !== target) return
            target.inFlight.delete(block)
            target.failed.add(block)
            report('images.window', error, () => retryRef.current())
            setVersion((n) => n + 1)
          },
        )
      }
      if (needed.length > 0) setVersion((n) => n + 1)
    },
    [client, report, clear],
  )

  const retry = useCallback(() => {
    current.current.failed.clear()
    load(current.current)
  }, [load])

  useEffect(() => {
    retryRef.current = retry
  }, [retry])

  useEffect(() => {
    current.current = listing
    clear('images.window')
    load(listing)
    return () => {
      if (timer.current) clearTimeout(timer.current.id)
      timer.current = null
    }
  }, [listing, load, clear])

  // Made anew for each listing, so the grid's effects (which run before this hook's) never feed
  // the range of a new listing to an old one.
  const show = useCallback(
    (first: number, last: number) => {
      listing.wanted = { first, last }
      const missing = blocksOf(listing.wanted).some((b) => (!listing.blocks.has(b) || listing.stale.has(b)) && !listing.inFlight.has(b) && !listing.failed.has(b))
      if (!missing) return
      const since = timer.current?.since ?? Date.now()
      if (timer.current) clearTimeout(timer.current.id)
      const fire = () => {
        timer.current = null
        load(listing)
      }
      if (Date.now() - since >= maxWaitMs) fire()
      else timer.current = { id: setTimeout(fire, settleMs), since }
    },
    [listing, load],
  )

  // `version` stands for the blocks that arrived since (the Map is filled in place): new functions
  // then, so memoized readers re-read.
  const itemAt = useCallback(
    (offset: number) => listing.blocks.get(Math.floor(offset / windowBlock))?.[offset % windowBlock],
    [listing, version],
  )
  const indexOf = useCallback(
    (imageId: string) => {
      for (const [block, items] of listing.blocks) {
        const at = items.findIndex((image) => image.imageId === imageId)
        if (at >= 0) return block * windowBlock + at
      }
      return null
    },
    [listing, version],
  )

  return {
    listingKey: `${listing.reloadKey}:${listing.key}`,
    total: listing.total,
    loading: listing.inFlight.size > 0,
    failed: listing.failed.size > 0,
    version,
    itemAt,
    indexOf,
    show,
    retry,
  }
}
