import { useCallback, useEffect, useState } from 'react'
import type { ImageRecord } from '../../shared/api/index'
import { useApi } from '../app/api-context'
import { useErrorReporter } from '../app/error-reporter'
import type { ImageWindow } from './use-image-window'

export interface ViewedImage {
  open: boolean
  /** The image shown; kept after closing for the closing transition. */
  image: ImageRecord | null
  /** Its offset in the listing; null while unknown (opened from a URL, or not in the listing). */
  index: number | null
  /** The id the URL names: the image open, or the one being opened. */
  imageId: string | null
  /** The offset the grid should keep in view while the view is open: the image shown or the one coming. */
  follow: number | null
  /** Opens an image the grid shows. */
  show: (image: ImageRecord, index: number) => void
  /** Opens an image known only by id (a restored URL); null closes the view. */
  showById: (imageId: string | null) => void
  /** The next or previous image of the listing, once it has loaded. */
  step: (delta: 1 | -1) => void
  close: () => void
}

interface Viewed {
  open: boolean
  image: ImageRecord | null
  index: number | null
  /** A step's target whose image has not loaded yet. */
  pending: number | null
}

const closed: Viewed = { open: false, image: null, index: null, pending: null }

/** Which image the image view shows, and where it is in the listing `images` holds. */
export function useViewedImage(images: ImageWindow): ViewedImage {
  const client = useApi()
  const { report, clear } = useErrorReporter()
  const [viewed, setViewed] = useState<Viewed>(closed)
  const [opening, setOpening] = useState<string | null>(null)
  const { itemAt, indexOf, total } = images

  const show = useCallback((image: ImageRecord, index: number) => {
    setOpening(null)
    setViewed({ open: true, image, index, pending: null })
  }, [])
  const close = useCallback(() => setViewed((v) => ({ ...v, open: false, pending: null })), [])

  const step = useCallback(
    (delta: 1 | -1) =>
      setViewed((v) => {
        const from = v.pending ?? v.index
        if (from === null || total === null) return v
        const to = Math.min(total - 1, Math.max(0, from + delta))
        if (to === from) return v
        const image = itemAt(to)
        return image ? { ...v, image, index: to, pending: null } : { ...v, pending: to }
      }),
    [itemAt, total],
  )

  const showById = useCallback(
    (imageId: string | null) => {
      setOpening(imageId)
      if (imageId === null) return close()
      client.call('images.get', { imageId }).then(
        (detail) => {
          clear('images.get')
          setOpening((id) => (id === imageId ? null : id))
          setViewed((v) => (v.image?.imageId === imageId ? { ...v, open: true } : { open: true, image: detail.image, index: null, pending: null }))
        },
        (error: unknown) => {
          setOpening((id) => (id === imageId ? null : id))
          report('images.get', error)
        },
      )
    },
    [client, close, report, clear],
  )

  // A step's image arrived.
  useEffect(() => {
    if (viewed.pending === null) return
    const image = itemAt(viewed.pending)
    if (image) setViewed((v) => (v.pending === null ? v : { ...v, image, index: v.pending, pending: null }))
  }, [viewed.pending, itemAt])

  // An image opened by id: find it among the loaded images (the grid loads around it).
  const viewedId = viewed.image?.imageId ?? null
  useEffect(() => {
    if (viewedId === null || viewed.index !== null) return
    const index = indexOf(viewedId)
    if (index !== null) setViewed((v) => (v.image?.imageId === viewedId && v.index === null ? { ...v, index } : v))
  }, [viewedId, viewed.index, indexOf])

  // Another listing: the offset may be another image's now; look it up again.
  useEffect(() => {
    setViewed((v) => (v.index === null && v.pending === null ? v : { ...v, index: null, pending: null }))
  }, [images.listingKey])

  const open = viewed.open && viewed.image !== null
  return {
    imageId: open ? (viewed.image?.imageId ?? null) : opening,
    open,
    image: viewed.image,
    index: viewed.index,
    follow: viewed.open ? (viewed.pending ?? viewed.index) : null,
    show,
    showById,
    step,
    close,
  }
}
