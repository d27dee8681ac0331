import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findImageFile } from '../../../../src/main/db/queries/images'
import { readMedia, thumbnailSize } from '../../../../src/main/services/media/media'
import { fixtureWorkspace, type FixtureWorkspace } from '../../../helpers/fixture-workspace'

describe('readMedia', () => {
  let fixture: FixtureWorkspace
  let ids: string[]
  beforeAll(async () => {
    fixture = await fixtureWorkspace(6)
    ids = fixture.workspace.db.prepare('SELECT image_key FROM images WHERE path IS NOT NULL ORDER BY id').pluck().all() as string[]
  })
  afterAll(() => fixture.remove())

  it('makes a square thumbnail, caches it on disk and records the image size', async () => {
    const id = ids[0]!
    const thumb = await readMedia(fixture.workspace, 'thumb', id)
    const meta = await sharp(thumb.body).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', thumbnailSize, thumbnailSize])
    expect(existsSync(join(fixture.workspace.thumbsDir, id.slice(0, 2), `${id}.jpg`))).toBe(true)
    const file = findImageFile(fixture.workspace.db, id)!
    await expect.poll(() => findImageFile(fixture.workspace.db, id)!.width).toBe((await sharp(file.path!).metadata()).width)
    expect((await readMedia(fixture.workspace, 'thumb', id)).body).toEqual(thumb.body)
  })

  it('serves the original bytes of the full image', async () => {
    const file = findImageFile(fixture.workspace.db, ids[1]!)!
    const full = await readMedia(fixture.workspace, 'full', ids[1]!)
    expect(full.body.equals((await import('node:fs')).readFileSync(file.path!))).toBe(true)
  })

  it('says why when a file is corrupt or missing', async () => {
    const corrupt = findImageFile(fixture.workspace.db, ids[2]!)!
    writeFileSync(corrupt.path!, 'not a jpeg')
    for (const kind of ['thumb', 'full'] as const) {
      await expect(readMedia(fixture.workspace, kind, ids[2]!)).rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/cannot be decoded/) })
    }
    const missing = findImageFile(fixture.workspace.db, ids[3]!)!
    rmSync(missing.path!)
    await expect(readMedia(fixture.workspace, 'thumb', ids[3]!)).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/is missing/) })
    await expect(readMedia(fixture.workspace, 'thumb', 'ffffffffffffffff')).rejects.toMatchObject({ code: 'not-found' })
  })

  it('drops a thumbnail whose request was abandoned before it started', async () => {
    const abandoned = AbortSignal.abort()
    await expect(readMedia(fixture.workspace, 'thumb', ids[4]!, abandoned)).rejects.toMatchObject({ code: 'cancelled' })
  })
})
