import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppServices } from '../../../src/main/app/app-services'
import { readMedia } from '../../../src/main/services/media/media'
import { EventHub } from '../../../src/main/transport/event-hub'
import { startHttpServer, type RunningServer } from '../../../src/main/transport/http-server'
import { errorCodes } from '../../../src/shared/errors'
import { fixtureWorkspace, type FixtureWorkspace } from '../../helpers/fixture-workspace'
import { fuzzOptions, fuzzTimeout } from '../../helpers/fuzz'
import { tempDir } from '../../helpers/temp-dir'

/**
 * The headless server, fuzzed (fast-check): request lines, headers and bodies as a hostile client
 * sends them, on a raw socket. The invariants: the process stays up and answers the next good request;
 * no answer is a 5xx; an API call gets a JSON envelope, with a named error when it is refused.
 */

/** Sends bytes as they are and reads what comes back until the server closes or goes quiet. */
function rawExchange(port: number, request: string, quietMs = 250): Promise<string> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1')
    let got = ''
    let timer = setTimeout(() => socket.destroy(), quietMs * 4)
    socket.on('data', (chunk) => {
      got += chunk.toString('latin1')
      clearTimeout(timer)
      timer = setTimeout(() => socket.destroy(), quietMs)
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      done(got)
    })
    socket.end(request, 'latin1')
  })
}

/** An API call as the client library makes it. */
function post(server: RunningServer, method: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: server.port, path: `/api/${method}`, method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
      },
    )
    req.on('error', fail)
    req.end(body)
  })
}

const statusOf = (response: string) => /^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1]

/** API methods a random body may call: all but those that start long jobs or write files outside the catalog. */
const fuzzedMethods = [
  'annotate.setLabels', 'annotate.createBox', 'annotate.updateBox', 'annotate.deleteBox', 'annotate.revert', 'annotate.history',
  'catalog.getSummary', 'catalog.listClasses', 'catalog.getIndexJob', 'catalog.cancelIndex',
  'evaluation.listSets', 'evaluation.analyze', 'evaluation.classes', 'evaluation.images', 'evaluation.confusions', 'evaluation.image', 'evaluation.compareSets',
  'images.list', 'images.count', 'images.window', 'images.get',
  'kaggle.listSampleFiles', 'kaggle.getJob', 'kaggle.cancel',
  'stats.classTable', 'stats.longTail', 'stats.labelsPerImage', 'stats.classDetail', 'stats.cooccurrence', 'stats.shift', 'stats.samplingPreview',
  'training.getOptions', 'training.listRuns', 'training.getRun', 'training.getPredictJob', 'training.cancelPredict', 'training.pause', 'training.resume', 'training.stop',
  'workspace.getInfo', 'no.suchMethod', '',
]

describe('headless server, fuzzed (fast-check)', () => {
  let fixture: FixtureWorkspace
  let server: RunningServer
  const web = tempDir()
  const edits = () => fixture.workspace.db.prepare('SELECT count(*) FROM edits').pluck().get() as number

  beforeAll(async () => {
    fixture = await fixtureWorkspace(6)
    writeFileSync(join(web.dir, 'index.html'), '<!doctype html><title>oiw</title>')
    const hub = new EventHub()
    server = await startHttpServer({
      handlers: createAppServices(fixture.workspace, 'headless', hub).handlers,
      hub,
      readMedia: (kind, id) => readMedia(fixture.workspace, kind, id),
      rendererDir: web.dir,
    })
  })
  afterAll(async () => {
    await server.close()
    fixture.remove()
    web.remove()
  })

  /** A good request after each case: the server is still up and answers it. */
  async function stillAnswers(): Promise<void> {
    const body = '{}'
    const response = await rawExchange(
      server.port,
      `POST /api/catalog.getSummary HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\nauthorization: Bearer ${server.token}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
    )
    expect(statusOf(response)).toBe('200')
  }

  it('stays up and answers no request line, header or body with a 5xx', async () => {
    const host = () => `127.0.0.1:${server.port}`
    const text = fc.string({ unit: 'binary', maxLength: 40 })
    const method = fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'HEAD', 'OPTIONS', 'DELETE', 'PATCH', 'CONNECT', 'BREW', 'get', ''), fc.stringMatching(/^[A-Z]{1,10}$/))
    const segment = fc.oneof(
      fc.constantFrom('api', 'media', 'thumb', 'full', 'ws', '..', '.', '', '%2e%2e', '%zz', '%00', '[', '//x:99999', 'index.html', 'catalog.getSummary', 'a.jpg', '?token=', '#'),
      fc.constantFrom(...fuzzedMethods),
      fc.stringMatching(/^[0-9a-f]{16,24}\.jpg$/),
      text.map((t) => encodeURIComponent(t)),
      text.map((t) => t.replace(/[\r\n ]/g, '')),
    )
    const target = fc.oneof(fc.array(segment, { maxLength: 5 }).map((parts) => `/${parts.join('/')}`), text.map((t) => t.replace(/[\r\n ]/g, '')), fc.constantFrom('*', 'http://evil.com/api/x', '//['))
    const version = fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 extra', '', 'HTTP/9')
    const token = () => server.token
    const header = fc.oneof(
      fc.tuple(fc.constant('host'), fc.oneof(fc.constant('@host'), fc.constantFrom('localhost', '[::1]evil.com', 'evil.com', '127.0.0.1:1', ''), text)),
      fc.tuple(fc.constant('authorization'), fc.oneof(fc.constant('@bearer'), fc.constantFrom('Bearer', 'Bearer ', 'Basic eA=='), text)),
      fc.tuple(fc.constant('content-length'), fc.oneof(fc.constant('@length'), fc.constantFrom('-1', '0', '99999999999', '1e3', ' 5', 'abc'))),
      fc.tuple(fc.constantFrom('transfer-encoding'), fc.constantFrom('chunked', 'gzip', 'chunked, chunked', '')),
      fc.tuple(fc.constantFrom('upgrade'), fc.constantFrom('websocket', 'h2c', '')),
      fc.tuple(fc.constantFrom('connection'), fc.constantFrom('upgrade', 'close', 'keep-alive')),
      fc.tuple(fc.constantFrom('sec-websocket-key', 'sec-websocket-version', 'origin', 'content-type', 'cookie', 'range'), text),
      fc.tuple(text.map((t) => t.replace(/[\r\n:]/g, '')), text),
    )
    const body = fc.oneof(fc.constant(''), text, fc.json(), fc.jsonValue().map((v) => JSON.stringify({ requestId: 'fuzz-request-1', args: v })))
    await fc.assert(
      fc.asyncProperty(method, target, version, fc.array(header, { maxLength: 8 }), body, fc.boolean(), async (m, t, v, headers, b, withEnd) => {
        const lines = headers.map(([name, value]) => {
          const filled = value === '@host' ? host() : value === '@bearer' ? `Bearer ${token()}` : value === '@length' ? String(Buffer.byteLength(b, 'latin1')) : value
          return `${name}: ${filled}`
        })
        const request = `${m} ${t} ${v}\r\n${lines.join('\r\n')}${lines.length ? '\r\n' : ''}\r\n${withEnd ? b : ''}`
        const response = await rawExchange(server.port, request)
        const status = statusOf(response)
        if (status !== undefined) expect(Number(status), response.slice(0, 300)).toBeLessThan(500)
        await stillAnswers()
      }),
      fuzzOptions(150),
    )
  }, fuzzTimeout(120))

  it('answers any JSON body to any API method with an envelope: a result, or a named error', async () => {
    const before = edits()
    let written = 0
    const args = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(fc.constantFrom('requestId', 'author', 'edits', 'imageId', 'classCode', 'verdict', 'box', 'boxId', 'patch', 'editId', 'limit', 'offset', 'set', 'truth', 'filter', 'query', 'code', 'runId', 'before', 'sort'), fc.jsonValue()),
    )
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fuzzedMethods), args, async (name, value) => {
        const { status, text } = await post(server, name, JSON.stringify(value))
        expect([200, 404], text.slice(0, 300)).toContain(status)
        const envelope = JSON.parse(text) as { ok: boolean; value?: { editIds?: number[] }; error?: { code: string; message: string } }
        if (envelope.ok) written += envelope.value?.editIds?.length ?? 0
        else {
          expect(errorCodes).toContain(envelope.error!.code)
          expect(envelope.error!.code, envelope.error!.message).not.toBe('internal')
          expect(envelope.error!.message.length).toBeGreaterThan(0)
        }
      }),
      fuzzOptions(200),
    )
    // the catalog changed only by the edits the server said it wrote
    expect(edits() - before).toBe(written)
  }, fuzzTimeout(120))

  it('takes any edit request shaped like the annotate API: writes what it says it wrote, refuses the rest by name', async () => {
    const db = fixture.workspace.db
    const images = db.prepare('SELECT image_key FROM images').pluck().all() as string[]
    const classes = db.prepare('SELECT code FROM classes').pluck().all() as string[]
    const before = edits()
    const receipts = new Map<string, string>()
    let written = 0
    const imageId = fc.oneof(fc.constantFrom(...images), fc.stringMatching(/^[0-9a-f]{16}$/), fc.constantFrom('', 'AAAAAAAAAAAAAAAA', '../x', 'aaaa'))
    const classCode = fc.oneof(fc.constantFrom(...classes), fc.stringMatching(/^\/m\/0[0-9a-z]{1,5}$/), fc.constantFrom('', '/m/', 'Person'))
    const coordinate = fc.oneof(fc.constantFrom(0, 0.5, 1, -0.1, 1.5, 1e-300), fc.double({ min: 0, max: 1, noNaN: true }))
    const flag = fc.constantFrom(1, 0, -1, 2, true, null)
    const box = fc.record({ classCode, xMin: coordinate, xMax: coordinate, yMin: coordinate, yMax: coordinate, isOccluded: flag, isTruncated: flag, isGroupOf: flag, isDepiction: flag, isInside: flag })
    const boxId = fc.oneof(fc.nat(60).map((n) => n + 1), fc.constantFrom(0, -1, 1.5, 2 ** 53))
    // request ids drawn from a few, so repeats (a client retrying) come up
    const requestId = fc.oneof(fc.constantFrom('retry-0001', 'retry-0002', 'retry-0003'), fc.stringMatching(/^[a-z0-9]{8,12}$/), fc.constantFrom('short', ''))
    const call = fc.oneof(
      fc.record({ requestId, edits: fc.array(fc.record({ imageId, classCode, verdict: fc.constantFrom('present', 'absent', 'none', 'maybe') }), { minLength: 0, maxLength: 4 }) }).map((a) => ['annotate.setLabels', a] as const),
      fc.record({ requestId, imageId, box }).map((a) => ['annotate.createBox', a] as const),
      fc.record({ requestId, imageId, boxId, patch: box.chain((b) => fc.subarray(Object.keys(b)).map((keys) => Object.fromEntries(keys.map((k) => [k, b[k as keyof typeof b]])))) }).map((a) => ['annotate.updateBox', a] as const),
      fc.record({ requestId, imageId, boxId }).map((a) => ['annotate.deleteBox', a] as const),
      fc.record({ requestId, editId: fc.oneof(fc.nat(200).map((n) => n + 1), fc.constantFrom(0, -5)) }).map((a) => ['annotate.revert', a] as const),
    )
    await fc.assert(
      fc.asyncProperty(call, async ([name, args]) => {
        const { status, text } = await post(server, name, JSON.stringify(args))
        expect(status, text).toBe(200)
        const envelope = JSON.parse(text) as { ok: boolean; value?: { editIds: number[] }; error?: { code: string; message: string } }
        if (!envelope.ok) {
          expect(envelope.error!.code, envelope.error!.message).not.toBe('internal')
          expect(errorCodes).toContain(envelope.error!.code)
          return
        }
        // a repeated request id gets the first answer back and writes nothing again
        const first = receipts.get(args.requestId)
        if (first !== undefined) expect(text).toBe(first)
        else {
          receipts.set(args.requestId, text)
          written += envelope.value!.editIds.length
        }
      }),
      fuzzOptions(200),
    )
    expect(written).toBeGreaterThan(0)
    expect(edits() - before).toBe(written)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  }, fuzzTimeout(120))
})
