import type { MediaKind } from '../../../shared/ids'

/** The longest reason shown; the server's messages are a sentence and a path. */
const maxReasonLength = 400

/**
 * Why an image's media request failed, in words, from the server's answer to the same URL: the
 * media route answers 404 or 422 with a plain-text reason (missing file, undecodable file). A 200
 * means the server sent bytes the browser could not draw.
 */
export function mediaFailureReason(kind: MediaKind, imageId: string, answer: { status: number; text: string }): string {
  const text = answer.text.trim().replace(/\s+/g, ' ')
  const what = `the ${kind === 'thumb' ? 'thumbnail' : 'file'} of image ${imageId}`
  if (answer.status >= 200 && answer.status < 300) return `the browser cannot draw ${what}`
  if (answer.status === 401) return `the server refused the token for ${what}`
  if (text === '' || text.startsWith('{') || text.startsWith('<')) return `the server answered HTTP ${answer.status} for ${what}`
  return text.length > maxReasonLength ? `${text.slice(0, maxReasonLength - 1)}…` : text
}

/** Why a request could not be made at all (offline server, blocked URL). */
export function unreachableReason(kind: MediaKind, imageId: string): string {
  return `the ${kind === 'thumb' ? 'thumbnail' : 'file'} of image ${imageId} could not be loaded and the server gave no reason`
}

const cache = new Map<string, Promise<string>>()
const cacheSize = 500

/**
 * The reason an `<img>` of `url` failed, asking the server once per URL (a grid that scrolls a
 * failed tile out and back in does not ask again). The only place the renderer fetches directly:
 * for the error text of media bytes, which the ApiClient cannot carry. Never rejects.
 */
export function explainMediaFailure(url: string, kind: MediaKind, imageId: string): Promise<string> {
  const known = cache.get(url)
  if (known) return known
  const reason = fetch(url)
    .then(async (response) => {
      const text = response.ok ? '' : await response.text()
      if (response.ok) response.body?.cancel().catch(() => undefined)
      return mediaFailureReason(kind, imageId, { status: response.status, text })
    })
    .catch(() => unreachableReason(kind, imageId))
  if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!)
  cache.set(url, reason)
  return reason
}
