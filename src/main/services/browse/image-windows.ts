import type { ImageFilter, ImageWindow } from '../../../shared/api/index'
import type { Db } from '../../db/connection'
import { allImageIds, imageRecords } from '../../db/queries/images'

const keptListings = 8

/**
 * Random access into listings of images, for a virtualized grid whose scrollbar jumps anywhere.
 * Keyset paging cannot jump, and OFFSET reads every skipped row; instead the first window of a filter
 * lists all its matching keys once (an Int32Array: 7 MB for 1.7 M images) and keeps the last 8
 * listings, so any later window is a slice and one page read. `clear` drops them when the catalog
 * changes.
 */
export class ImageWindows {
  private readonly listings = new Map<string, Int32Array>()

  constructor(private readonly db: Db) {}

  window(filter: ImageFilter, offset: number, limit: number): ImageWindow {
    const ids = this.listing(filter)
    const slice = ids.subarray(Math.min(offset, ids.length), Math.min(offset + limit, ids.length))
    return { total: ids.length, offset, items: imageRecords(this.db, Array.from(slice)) }
  }

  clear(): void {
    this.listings.clear()
  }

  /**
   * Drops the listings an edit of labels or boxes can change (those filtered by class, boxes or
   * labels); a listing by split or file alone keeps its images whatever is edited, so the grid's
   * unfiltered listing (a second to make at 1.7 M images) survives a session of edits.
   */
  clearLabelFiltered(): void {
    for (const key of [...this.listings.keys()]) {
      const filter = JSON.parse(key) as ImageFilter
      if (filter.classCode !== null || filter.hasBoxes !== null || filter.hasLabels !== null) this.listings.delete(key)
    }
  }

  private listing(filter: ImageFilter): Int32Array {
    const key = JSON.stringify(filter, Object.keys(filter).sort())
    let ids = this.listings.get(key)
    if (ids) {
      this.listings.delete(key) // most recently used last
    } else {
      ids = Int32Array.from(allImageIds(this.db, filter))
      if (this.listings.size >= keptListings) this.listings.delete(this.listings.keys().next().value!)
    }
    this.listings.set(key, ids)
    return ids
  }
}
