import { describe, expect, it } from 'vitest'
import { dispatch } from '../../src/shared/api/dispatch'
import { methodNames, type Handlers } from '../../src/shared/api/index'
import { ApiError } from '../../src/shared/errors'

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const unused = () => {
    throw new Error('not called in this test')
  }
  const base = Object.fromEntries(methodNames.map((name) => [name, unused])) as unknown as Handlers
  return { ...base, ...overrides }
}

describe('dispatch', () => {
  it('fills defaults and passes validated arguments to the handler', async () => {
    let seen: unknown
    const result = await dispatch(handlers({ 'images.list': (args) => ((seen = args), { items: [], nextCursor: null }) }), 'images.list', {})
    expect(result).toEqual({ ok: true, value: { items: [], nextCursor: null } })
    expect(seen).toMatchObject({ cursor: null, limit: 100, classCode: null, onDisk: 'yes', sort: 'id', labelFilter: 'human-positive' })
  })

  it('names the field of an invalid argument', async () => {
    const result = await dispatch(handlers(), 'images.list', { limit: 5000 })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-argument')
      expect(result.error.where).toBe('limit')
      expect(result.error.message).toMatch(/^images\.list: limit:/)
    }
  })

  it('refuses unknown fields, unknown methods and path-like ids', async () => {
    expect(await dispatch(handlers(), 'catalog.getSummary', { sql: 'drop table' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect(await dispatch(handlers(), 'fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } })
    expect(await dispatch(handlers(), 'constructor', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } })
    expect(await dispatch(handlers(), 'images.get', { imageId: '../../etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', where: 'imageId' },
    })
  })

  it('turns thrown errors into envelopes instead of rejecting', async () => {
    const typed = await dispatch(handlers({ 'images.get': () => Promise.reject(new ApiError('not-found', 'no image x')) }), 'images.get', { imageId: '0123456789abcdef' })
    expect(typed).toEqual({ ok: false, error: { code: 'not-found', message: 'no image x' } })
    const untyped = await dispatch(handlers({ 'catalog.getSummary': () => { throw new TypeError('boom') } }), 'catalog.getSummary', {})
    expect(untyped).toMatchObject({ ok: false, error: { code: 'internal', message: 'catalog.getSummary failed: boom' } })
  })
})
