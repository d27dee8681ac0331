import { afterEach, describe, expect, it, vi } from 'vitest'
import { explainMediaFailure, mediaFailureReason, unreachableReason } from '../../../src/renderer/browse/view/media-failure'

const id = '0123456789abcdef'

describe('mediaFailureReason', () => {
  it("passes on the server's plain-text reason for a missing or undecodable file", () => {
    const missing = `the file of image ${id} is missing: /data/train/0/${id}.jpg`
    expect(mediaFailureReason('full', id, { status: 404, text: missing })).toBe(missing)
    const corrupt = `the file of image ${id} cannot be decoded: Input buffer contains unsupported image format\n`
    expect(mediaFailureReason('thumb', id, { status: 422, text: corrupt })).toBe(corrupt.trim())
  })

  it('says what it can when the answer has no reason in it', () => {
    expect(mediaFailureReason('full', id, { status: 200, text: '' })).toBe(`the browser cannot draw the file of image ${id}`)
    expect(mediaFailureReason('thumb', id, { status: 401, text: '{"ok":false}' })).toMatch(/refused the token/)
    expect(mediaFailureReason('thumb', id, { status: 500, text: '{"ok":false}' })).toBe(`the server answered HTTP 500 for the thumbnail of image ${id}`)
    expect(mediaFailureReason('full', id, { status: 502, text: '<html>bad gateway</html>' })).toMatch(/HTTP 502/)
    expect(mediaFailureReason('full', id, { status: 404, text: '   ' })).toMatch(/HTTP 404/)
  })

  it('shortens a very long reason', () => {
    const reason = mediaFailureReason('full', id, { status: 422, text: 'x'.repeat(5000) })
    expect(reason.length).toBeLessThanOrEqual(400)
    expect(reason.endsWith('…')).toBe(true)
  })
})

describe('explainMediaFailure', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('asks the server once per URL and never rejects', async () => {
    const fetch = vi.fn(async () => new Response(`the file of image ${id} is missing: /x.jpg`, { status: 404 }))
    vi.stubGlobal('fetch', fetch)
    const url = `http://127.0.0.1:1/media/full/${id}.jpg?token=a`
    expect(await explainMediaFailure(url, 'full', id)).toBe(`the file of image ${id} is missing: /x.jpg`)
    expect(await explainMediaFailure(url, 'full', id)).toBe(`the file of image ${id} is missing: /x.jpg`)
    expect(fetch).toHaveBeenCalledTimes(1)

    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('network'))))
    const other = `http://127.0.0.1:1/media/thumb/${id}.jpg?token=a`
    expect(await explainMediaFailure(other, 'thumb', id)).toBe(unreachableReason('thumb', id))
  })
})
