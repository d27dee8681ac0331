import { useCallback, useState } from 'react'
import type { FolderListing } from '../../shared/api/index'
import { useApiValue } from '../app/use-api-value'

export interface FolderNavigation {
  listing: FolderListing | null
  loading: boolean
  /** Why the folder cannot be listed (unreadable, or an id from before a server restart). */
  error: string | null
  /** Opens a folder by the id the server gave it; null for the server's start folder. */
  open(folderId: string | null): void
  /** Opens the parent; the folder left is `cameFrom`, so the list can highlight it. */
  up(): void
  /** The folder just left by `up`, to put the cursor back on; null otherwise. */
  cameFrom: string | null
  reload(): void
}

/**
 * Browses folders on the serving machine with `catalog.browseFolders` only: the page never sees
 * or sends a path, just the opaque ids the server issued. Loads only while `enabled` (dialog open).
 */
export function useFolderListing(enabled: boolean): FolderNavigation {
  const [folderId, setFolderId] = useState<string | null>(null)
  const [cameFrom, setCameFrom] = useState<string | null>(null)
  const value = useApiValue('catalog.browseFolders', (client) => client.call('catalog.browseFolders', { folderId }), [folderId], {
    banner: false,
    enabled,
  })
  // While the next folder loads, the last one stays on screen (no flicker).
  const listing = value.value

  const open = useCallback((id: string | null) => {
    setCameFrom(null)
    setFolderId(id)
  }, [])
  const up = useCallback(() => {
    if (!listing?.parentId) return
    setCameFrom(listing.folder.folderId)
    setFolderId(listing.parentId)
  }, [listing])

  return { listing, loading: value.loading, error: value.error, open, up, cameFrom, reload: value.reload }
}
