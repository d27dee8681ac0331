import { existsSync, mkdirSync } from 'node:fs'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { ApiError } from '../../../shared/errors'
import type { MediaKind } from '../../../shared/ids'
import { findImageFile, setImageSize } from '../../db/queries/images'
import type { Workspace } from '../workspace/workspace'
import { inThumbnailSlot } from './thumbnail-queue'

/** Thumbnail edge in pixels: tiles are square, cropped to fill. */
export const thumbnailSize = 256

/** Stores an image's pixel size (upright, after EXIF orientation) from its header metadata. */
function storeSize(workspace: Workspace, id: number, { width, height, orientation }: sharp.Metadata): void {
  const turned = orientation !== undefined && orientation >= 5
  if (width && height) setImageSize(workspace.db, id, turned ? height : width, turned ? width : height)
}

/** Reads an image's size from its header (cheap), the first time it is shown. */
async function recordSize(workspace: Workspace, id: number, path: string): Promise<void> {
  try {
    storeSize(workspace, id, await sharp(path).metadata())
  } catch {
    // undecodable: the thumbnail already reported it
  }
}

/** The original bytes, after a header check so a file that is not an image reports why instead of breaking the page. */
async function readFullImage(workspace: Workspace, id: number, width: number | null, path: string, imageId: string): Promise<MediaFile> {
  let metadata: sharp.Metadata
  try {
    metadata = await sharp(path).metadata()
  } catch (error) {
    throw new ApiError('bad-input', `the file of image ${imageId} cannot be decoded: ${(error as Error).message}`)
  }
  if (width === null) storeSize(workspace, id, metadata)
  return { body: await readFile(path), contentType: metadata.format === 'png' ? 'image/png' : 'image/jpeg' }
}

export interface MediaFile {
  body: Buffer
  contentType: string
}

/**
 * The bytes of an image or its thumbnail. The path always comes from the catalog by image id, never
 * from the caller. Thumbnails are made by sharp on first request and cached in the workspace.
 * A missing or undecodable file is a `not-found` / `bad-input` error with the reason.
 */
export async function readMedia(workspace: Workspace, kind: MediaKind, imageId: string, signal?: AbortSignal): Promise<MediaFile> {
  const image = findImageFile(workspace.db, imageId)
  if (!image) throw new ApiError('not-found', `no image ${imageId} in the catalog`)
  if (!image.path) throw new ApiError('not-found', `image ${imageId} has no file in the image store`)
  if (!existsSync(image.path)) throw new ApiError('not-found', `the file of image ${imageId} is missing: ${image.path}`)
  if (kind === 'full') return readFullImage(workspace, image.id, image.width, image.path, imageId)

  const cacheDir = join(workspace.thumbsDir, imageId.slice(0, 2))
  const cached = join(cacheDir, `${imageId}.jpg`)
  if (existsSync(cached)) return { body: await readFile(cached), contentType: 'image/jpeg' }
  const path = image.path
  const body = await inThumbnailSlot(signal, async () => {
    try {
      return await sharp(path, { failOn: 'error' }).rotate().resize(thumbnailSize, thumbnailSize, { fit: 'cover' }).jpeg({ quality: 78 }).toBuffer()
    } catch (error) {
      throw new ApiError('bad-input', `the file of image ${imageId} cannot be decoded: ${(error as Error).message}`)
    }
  })

  if (image.width === null) void recordSize(workspace, image.id, path)
  mkdirSync(cacheDir, { recursive: true })
  const partial = `${cached}.${process.pid}.part`
  await writeFile(partial, body)
  await rename(partial, cached)
  return { body, contentType: 'image/jpeg' }
}
