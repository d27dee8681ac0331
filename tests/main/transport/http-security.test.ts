import { request } from 'node:http'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { serverAddress } from '../../../src/main/cli/serve-command'
import { createAppServices } from '../../../src/main/app/app-services'
import { readMedia } from '../../../src/main/services/media/media'
import { EventHub } from '../../../src/main/transport/event-hub'
import { startHttpServer, type RunningServer } from '../../../src/main/transport/http-server'
import { fixtureWorkspace, type FixtureWorkspace } from '../../helpers/fixture-workspace'
import { tempDir } from '../../helpers/temp-dir'

/** A raw request: the path is sent exactly as given (no URL normalisation), like a hostile client would. */
function raw(server: RunningServer, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; body: string }>((done, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => done({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', fail)
    req.end(method === 'POST' ? '{}' : undefined)
  })
}

describe('headless server security', () => {
  let fixture: FixtureWorkspace
  let server: RunningServer
  let imageId: string
  const web = tempDir()

  beforeAll(async () => {
    fixture = await fixtureWorkspace(6)
    writeFileSync(join(web.dir, 'index.html'), '<!doctype html><title>oiw</title>')
    server = await startHttpServer({
      handlers: createAppServices(fixture.workspace, 'headless', new EventHub()).handlers,
      hub: new EventHub(),
      readMedia: (kind, id) => readMedia(fixture.workspace, kind, id),
      rendererDir: web.dir,
    })
    imageId = (fixture.workspace.db.prepare('SELECT image_key FROM images WHERE path IS NOT NULL LIMIT 1').pluck().get() as string)
  })
  afterAll(async () => {
    await server.close()
    fixture.remove()
    web.remove()
  })

  it('binds loopback and makes a long random token per launch', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.token).toMatch(/^[\w-]{43}$/)
    const other = await startHttpServer({ handlers: createAppServices(fixture.workspace, 'headless', new EventHub()).handlers, hub: new EventHub(), readMedia: () => Promise.reject(new Error('x')), rendererDir: web.dir })
    expect(other.token).not.toBe(server.token)
    await other.close()
  })

  it('refuses API and media requests without the right token (401)', async () => {
    expect((await raw(server, '/api/catalog.getSummary', {}, 'POST')).status).toBe(401)
    expect((await raw(server, '/api/catalog.getSummary', { authorization: 'Bearer wrong' }, 'POST')).status).toBe(401)
    expect((await raw(server, `/media/thumb/${imageId}.jpg`)).status).toBe(401)
    expect((await raw(server, `/media/thumb/${imageId}.jpg?token=${server.token}x`)).status).toBe(401)
    const ok = await raw(server, '/api/catalog.getSummary', { authorization: `Bearer ${server.token}` }, 'POST')
    expect(ok.status).toBe(200)
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { imagesOnDisk: 6 } })
  })

  it('serves image bytes and thumbnails by id with the token', async () => {
    for (const kind of ['thumb', 'full']) {
      const res = await fetch(`${server.url}/media/${kind}/${imageId}.jpg?token=${server.token}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/jpeg')
      expect(Buffer.from(await res.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]))
    }
  })

  it('refuses path traversal on the media and page routes', async () => {
    const t = `token=${server.token}`
    for (const path of [
      `/media/full/..%2F..%2F..%2Fetc%2Fpasswd?${t}`,
      `/media/full/../../../../etc/passwd?${t}`,
      `/media/full/%2e%2e%2f%2e%2e%2fetc%2fpasswd.jpg?${t}`,
      `/media/thumb/${imageId}.jpg%00.png?${t}`,
      '/../../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2f..%2fetc%2fpasswd',
    ]) {
      const res = await raw(server, path)
      expect(res.status, path).toBeGreaterThanOrEqual(400)
      expect(res.body, path).not.toMatch(/root:/)
    }
  })

  it('refuses WebSocket connections without the token', async () => {
    const status = (url: string) =>
      new Promise<number>((done) => {
        const socket = new WebSocket(url)
        socket.on('open', () => (socket.close(), done(101)))
        socket.on('unexpected-response', (_req, res) => done(res.statusCode ?? 0))
        socket.on('error', () => done(-1))
      })
    const ws = server.url.replace('http', 'ws')
    expect(await status(`${ws}/ws`)).toBe(401)
    expect(await status(`${ws}/ws?token=nope`)).toBe(401)
    expect(await status(`${ws}/ws?token=${server.token}`)).toBe(101)
  })

  it('refuses requests addressed to another host name (DNS rebinding), a loopback name with more after it too', async () => {
    for (const host of ['evil.example:80', '[::1]evil.com', '127.0.0.1.evil.com', 'localhost:80x', '127.0.0.1:80@evil.com']) {
      const res = await raw(server, '/api/catalog.getSummary', { host, authorization: `Bearer ${server.token}` }, 'POST')
      expect(res.status, host).toBe(403)
    }
    expect((await raw(server, '/api/catalog.getSummary', { host: `localhost:${server.port}`, authorization: `Bearer ${server.token}` }, 'POST')).status).toBe(200)
  })

  it('answers a request line that holds no path with 400, without a token, and stays up', async () => {
    for (const path of ['//[', '//x:99999/', '//[::1', '//%zz']) {
      const res = await raw(server, path)
      expect(res.status, path).toBeGreaterThanOrEqual(400)
      expect(res.status, path).toBeLessThan(500)
    }
    // a target that is no path (the asterisk form) is a 400 that says so; one the HTTP parser refuses, a 400 too
    expect(await raw(server, '*')).toMatchObject({ status: 400, body: expect.stringMatching(/not a request path/) })
    expect((await raw(server, 'x')).status).toBe(400)
    const upgrade = (path: string) =>
      new Promise<number>((done, fail) => {
        const req = request({ host: '127.0.0.1', port: server.port, path, headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } })
        req.on('response', (res) => done(res.statusCode ?? 0))
        req.on('upgrade', () => done(101))
        req.on('error', fail)
        req.end()
      })
    expect(await upgrade('//x:99999/')).toBe(401)
    expect(await upgrade('//[')).toBe(401)
    expect(await upgrade('*')).toBe(400)
    expect((await fetch(`${server.url}/`)).status).toBe(200)
  })

  it('refuses a WebSocket opened by a page of another origin, even with the token', async () => {
    const status = (origin: string) =>
      new Promise<number>((done) => {
        const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws?token=${server.token}`, { origin })
        socket.on('open', () => (socket.close(), done(101)))
        socket.on('unexpected-response', (_req, res) => done(res.statusCode ?? 0))
        socket.on('error', () => done(-1))
      })
    expect(await status('http://evil.example')).toBe(403)
    expect(await status(server.url)).toBe(101)
  })

  it('serves the page with a strict Content-Security-Policy', async () => {
    const res = await fetch(`${server.url}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'/)
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
  })

  it('exposes another host only with --expose', () => {
    expect(serverAddress({ port: '0', host: '127.0.0.1' })).toEqual({ port: 0, host: '127.0.0.1' })
    expect(() => serverAddress({ port: '0', host: '0.0.0.0' })).toThrow(/add --expose/)
    // --expose alone binds every address; a --host given is bound as given, --expose or not
    expect(serverAddress({ port: '8080', expose: true })).toEqual({ port: 8080, host: '0.0.0.0' })
    expect(serverAddress({ port: '8080', host: '127.0.0.1', expose: true })).toEqual({ port: 8080, host: '127.0.0.1' })
    expect(serverAddress({ port: '0' })).toEqual({ port: 0, host: '127.0.0.1' })
    expect(() => serverAddress({ port: 'http', host: '127.0.0.1' })).toThrow(/--port: http is not a port/)
  })
})
