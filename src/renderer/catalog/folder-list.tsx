import Chip from '@mui/material/Chip'
import List from '@mui/material/List'
import ListItem from '@mui/material/ListItem'
import ListItemButton from '@mui/material/ListItemButton'
import ListItemText from '@mui/material/ListItemText'
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { FolderListing } from '../../shared/api/index'
import { countOf } from '../app/format'

interface FolderListProps {
  listing: FolderListing
  /** Where the cursor starts in a fresh listing (the folder just left by going up), if shown. */
  initialFolderId: string | null
  onOpen(folderId: string): void
  onUp(): void
}

interface Row {
  folderId: string
  name: string
  datasetFiles: number
  isUp: boolean
}

function rowsOf(listing: FolderListing): Row[] {
  const up: Row[] = listing.parentId ? [{ folderId: listing.parentId, name: 'Up', datasetFiles: 0, isUp: true }] : []
  return [...up, ...listing.folders.map((f) => ({ ...f, isUp: false }))]
}

const navigationKeys = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End', 'Backspace'])

/**
 * The sub-folders of one folder, with a roving cursor: ↑/↓ (Home/End) move, Enter opens,
 * Backspace goes up. A folder with dataset files wears a chip with their count.
 */
export function FolderList({ listing, initialFolderId, onOpen, onUp }: FolderListProps) {
  const rows = rowsOf(listing)
  const [active, setActive] = useState(0)
  const items = useRef<(HTMLDivElement | null)[]>([])
  // Set when a folder is opened from inside the list: the keyboard stays in the list after it changes.
  const refocus = useRef(false)

  const folderId = listing.folder.folderId
  useEffect(() => {
    const found = rowsOf(listing).findIndex((row) => !row.isUp && row.folderId === initialFolderId)
    const index = Math.max(0, found)
    setActive(index)
    if (refocus.current) items.current[index]?.focus()
    else items.current[index]?.scrollIntoView({ block: 'nearest' })
    refocus.current = false
    // A new listing (a new folder) resets the cursor; re-renders of the same one do not.
  }, [folderId])

  const move = (index: number) => {
    const next = Math.min(rows.length - 1, Math.max(0, index))
    setActive(next)
    items.current[next]?.focus()
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (!navigationKeys.has(event.key)) return
    event.preventDefault()
    if (event.key === 'ArrowDown') move(active + 1)
    else if (event.key === 'ArrowUp') move(active - 1)
    else if (event.key === 'Home') move(0)
    else if (event.key === 'End') move(rows.length - 1)
    else if (event.key === 'Backspace' && listing.parentId) {
      refocus.current = true
      onUp()
    }
  }

  const choose = (row: Row) => {
    refocus.current = true
    if (row.isUp) onUp()
    else onOpen(row.folderId)
  }

  return (
    <List
      dense
      data-testid="folder-list"
      aria-label="Sub-folders"
      onKeyDown={onKeyDown}
      sx={{ height: 320, overflowY: 'auto', border: 1, borderColor: 'divider', borderRadius: 1, py: 0 }}
    >
      {rows.map((row, index) => (
        <ListItem key={row.isUp ? 'up' : row.folderId} disablePadding>
          <ListItemButton
            ref={(element: HTMLDivElement | null) => {
              items.current[index] = element
            }}
            data-folder-name={row.isUp ? '..' : row.name}
            data-dataset-files={row.datasetFiles}
            selected={index === active}
            tabIndex={index === active ? 0 : -1}
            onClick={() => choose(row)}
            onFocus={() => setActive(index)}
          >
            <ListItemText
              primary={row.isUp ? '.. (up)' : row.name}
              slotProps={{ primary: { noWrap: true, sx: { fontStyle: row.isUp ? 'italic' : 'normal' } } }}
            />
            {row.datasetFiles > 0 && <Chip label={countOf(row.datasetFiles, 'dataset file')} color="primary" variant="outlined" />}
          </ListItemButton>
        </ListItem>
      ))}
      {rows.length === 0 && (
        <ListItem>
          <ListItemText sx={{ color: 'text.secondary' }} primary="No sub-folders" />
        </ListItem>
      )}
    </List>
  )
}
