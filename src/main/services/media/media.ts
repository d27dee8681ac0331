import { existsSync, mkdirSync } from 'node:fs'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { ApiError } from '../../../shared/errors'
import type { MediaKind } from '../../../shared/ids'
import { findImageFile, setImageSize } from '../../db/queries/images'
import type { Workspace } from '../workspace/workspace'

/** Thumbnail edge in pixels: tiles are square, cropped to fill. */
export const thumbnailSize = 256

export interface MediaFile {
  body: Buffer
  contentType: string
}

/**
 * The bytes of an image or its thumbnail. The path always comes from the catalog by image id, never
 * from the caller. Thumbnails are made by sharp on first request and cached in the workspace.
 * A missing or undecodable file is a `not-found` / `bad-input` error with the reason.
 */
export async function readMedia(workspace: Workspace, kind: MediaKind, imageId: string): Promise<MediaFile> {
  const image = findImageFile(workspace.db, imageId)
  if (!image) throw new ApiError('not-found', `no image ${imageId} in the catalog`)
  if (!image.path) throw new ApiError('not-found', `image ${imageId} has no file in the image store`)
  if (!existsSync(image.path)) throw new ApiError('not-found', `the file of image ${imageId} is missing: ${image.path}`)
  if (kind === 'full') return { body: await readFile(image.path), contentType: 'image/jpeg' }

  const cacheDir = join(workspace.thumbsDir, imageId.slice(0, 2))
  const cached = join(cacheDir, `${imageId}.jpg`)
  if (existsSync(cached)) return { body: await readFile(cached), contentType: 'image/jpeg' }
  let body: Buffer
  try {
    const pipeline = sharp(image.path, { failOn: 'error' }).rotate()
    const { width, height } = await pipeline.metadata()
    if (width && height) setImageSize(workspace.db, image.id, width, height)
    body = await pipeline.resize(thumbnailSize, thumbnailSize, { fit: 'cover' }).jpeg({ quality: 78 }).toBuffer()
  } catch (error) {
    throw new ApiError('bad-input', `the file of image ${imageId} cannot be decoded: ${(error as Error).message}`)
  }
  mkdirSync(cacheDir, { recursive: true })
  const partial = `${cached}.${process.pid}.part`
  await writeFile(partial, body)
  await rename(partial, cached)
  return { body, contentType: 'image/jpeg' }
}
