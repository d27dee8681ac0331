import { z } from 'zod'

/**
 * Image ids as the data ships them: 16 hex characters for Open Images training images, 24 for the
 * Inclusive Images test images (tuning_labels.csv). Lower-case hex only, so an id can never be a path.
 */
export const imageIdPattern = /^(?:[0-9a-f]{16}|[0-9a-f]{24})$/
export const imageIdSchema = z.string().regex(imageIdPattern, 'an image id is 16 or 24 lower-case hex characters')

/** Freebase machine ids: `/m/0abc12` or `/g/11b6...`. */
export const classCodePattern = /^\/[mg]\/[0-9a-z_]+$/
export const classCodeSchema = z.string().regex(classCodePattern, 'a class code looks like /m/01g317')

/** The two renditions of an image that the media route serves. */
export const mediaKinds = ['thumb', 'full'] as const
export type MediaKind = (typeof mediaKinds)[number]

/** The media route's path for an image; both transports and the server parse it with `parseMediaPath`. */
export function mediaPath(kind: MediaKind, imageId: string): string {
  return `/media/${kind}/${imageId}.jpg`
}

export function parseMediaPath(pathname: string): { kind: MediaKind; imageId: string } | null {
  const match = /^\/media\/(thumb|full)\/([0-9a-f]+)\.jpg$/.exec(pathname)
  if (!match || !imageIdPattern.test(match[2]!)) return null
  return { kind: match[1] as MediaKind, imageId: match[2]! }
}
