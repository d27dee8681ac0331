import type { ApiClient } from '../../shared/api/client'
import type { ImagePage, LabelEdit, Verdict } from '../../shared/api/index'
import { chunks, type GridSelection } from './grid-selection'

/** The largest `images.list` page. */
const listPage = 500

/**
 * The images a batch edit of `selection` changes, in parts of at most `partSize` ids. A filter
 * selection is listed page by page (images.list, in id order) only as the parts are asked for, so a
 * batch over hundreds of thousands of images never holds them all. Keyset paging by id is not thrown
 * by the edits sent between parts, which may take the edited images out of the filter (rejecting the
 * class it filters by): the next page starts after the last id listed, whatever became of it.
 */
export async function* batchImageParts(client: ApiClient, selection: GridSelection, partSize: number): AsyncGenerator<string[]> {
  if (selection.kind === 'images') {
    yield* chunks([...selection.ids], partSize)
    return
  }
  let cursor: string | null = null
  let part: string[] = []
  do {
    const page: ImagePage = await client.call('images.list', { ...selection.filter, sort: 'id', cursor, limit: listPage })
    for (const image of page.items) if (!selection.except.has(image.imageId)) part.push(image.imageId)
    cursor = page.nextCursor
    while (part.length >= partSize) {
      yield part.slice(0, partSize)
      part = part.slice(partSize)
    }
  } while (cursor !== null)
  if (part.length > 0) yield part
}

/** The edits that set `verdict` of `classCode` on each image of each part. */
export async function* batchEdits(parts: AsyncIterable<readonly string[]>, classCode: string, verdict: Verdict): AsyncGenerator<LabelEdit[]> {
  for await (const part of parts) yield part.map((imageId) => ({ imageId, classCode, verdict }))
}
