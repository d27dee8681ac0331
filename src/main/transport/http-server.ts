import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { dispatch } from '../../shared/api/dispatch'
import type { Handlers } from '../../shared/api/index'
import { ApiError, fail, type Result } from '../../shared/errors'
import { parseMediaPath, type MediaKind } from '../../shared/ids'
import type { EventHub } from './event-hub'
import { hostHeaderAllowed, newToken, originAllowed, requestToken, requestUrl, tokenMatches } from './security'
import { serveStatic } from './static-files'

export interface HttpServerOptions {
  handlers: Handlers
  hub: EventHub
  /** Image bytes by image id (the path comes from the catalog, never from the request). */
  readMedia: (kind: MediaKind, imageId: string, signal: AbortSignal) => Promise<{ body: Buffer; contentType: string }>
  /** The built renderer folder. */
  rendererDir: string
  /** 127.0.0.1 unless the user asked to expose the server. */
  host?: string
  /** 0 picks a free port. */
  port?: number
  token?: string
}

export interface RunningServer {
  url: string
  /** The URL to open: the page with the token. */
  pageUrl: string
  port: number
  token: string
  close(): Promise<void>
}

const maxBodyBytes = 1 << 20

function sendJson(res: ServerResponse, status: number, body: Result<unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > maxBodyBytes) throw new ApiError('invalid-argument', `request body over ${maxBodyBytes} bytes`)
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  try {
    return text === '' ? {} : JSON.parse(text)
  } catch {
    throw new ApiError('invalid-argument', 'the request body is not JSON')
  }
}

/**
 * The headless transport: the same handler map as the Electron IPC adapter, behind
 * `POST /api/<service.method>` (JSON envelope), `GET /media/<thumb|full>/<id>.jpg`, and a WebSocket
 * at `/ws` for events, plus the built renderer. Every API, media and socket request needs the
 * per-launch token; a wrong one gets 401.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1'
  const token = options.token ?? newToken()
  const root = resolve(options.rendererDir)
  const sockets = new WebSocketServer({ noServer: true })
  const unsubscribe = options.hub.subscribe((name, payload) => {
    const message = JSON.stringify({ event: name, payload })
    for (const client of sockets.clients) if (client.readyState === 1) client.send(message)
  })

  const handleApi = async (req: IncomingMessage, res: ServerResponse, method: string): Promise<void> => {
    if (req.method !== 'POST') return sendJson(res, 405, fail('invalid-argument', 'API calls are POST requests'))
    let args: unknown
    try {
      args = await readJsonBody(req)
    } catch (error) {
      return sendJson(res, 400, { ok: false, error: (error as ApiError).toPayload() })
    }
    const result = await dispatch(options.handlers, method, args)
    sendJson(res, !result.ok && result.error.code === 'unknown-method' ? 404 : 200, result)
  }

  const handleMedia = async (res: ServerResponse, pathname: string): Promise<void> => {
    const media = parseMediaPath(pathname)
    if (!media) return void res.writeHead(400, { 'content-type': 'text/plain' }).end('not a media path')
    const abandoned = new AbortController()
    res.on('close', () => abandoned.abort())
    try {
      const { body, contentType } = await options.readMedia(media.kind, media.imageId, abandoned.signal)
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'private, max-age=3600', 'x-content-type-options': 'nosniff' })
      res.end(body)
    } catch (error) {
      const status = error instanceof ApiError && error.code === 'not-found' ? 404 : 422
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end((error as Error).message)
    }
  }

  const server = createServer((req, res) => {
    try {
      answer(req, res)
    } catch (error) {
      // nothing a client sends may end the server: whatever a handler throws becomes an answer and a log line
      console.error(`oiw serve: ${req.method} ${JSON.stringify(req.url)}: ${(error as Error).message}`)
      if (!res.headersSent) sendJson(res, 500, fail('internal', (error as Error).message))
      else res.destroy()
    }
  })

  function answer(req: IncomingMessage, res: ServerResponse): void {
    const url = requestUrl(req.url)
    if (url === null) return void sendJson(res, 400, fail('bad-input', `not a request path: ${JSON.stringify(req.url)}`))
    if (!hostHeaderAllowed(req, host)) return void res.writeHead(403).end('host not allowed')
    const isApi = url.pathname.startsWith('/api/')
    const isMedia = url.pathname.startsWith('/media/')
    if ((isApi || isMedia) && !tokenMatches(token, requestToken(req, url))) {
      return sendJson(res, 401, fail('unauthorized', 'missing or wrong token: open the URL oiw printed'))
    }
    const work = isApi
      ? handleApi(req, res, url.pathname.slice('/api/'.length))
      : isMedia
        ? handleMedia(res, url.pathname)
        : Promise.resolve(serveStatic(root, url.pathname, res))
    work.catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, fail('internal', (error as Error).message))
      else res.destroy()
    })
  }

  server.on('upgrade', (req, socket, head) => {
    const refuse = (status: string) => socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`)
    try {
      const url = requestUrl(req.url)
      if (url === null) return void refuse('400 Bad Request')
      if (url.pathname !== '/ws' || !hostHeaderAllowed(req, host) || !tokenMatches(token, requestToken(req, url))) return void refuse('401 Unauthorized')
      // a page of another origin must not open the socket, even with a token it learned
      if (!originAllowed(req)) return void refuse('403 Forbidden')
      sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => sockets.emit('connection', ws, req))
    } catch (error) {
      console.error(`oiw serve: upgrade ${JSON.stringify(req.url)}: ${(error as Error).message}`)
      refuse('500 Internal Server Error')
    }
  })

  await new Promise<void>((done, failed) => {
    server.once('error', failed)
    server.listen(options.port ?? 0, host, () => done())
  })
  const port = (server.address() as AddressInfo).port
  const shownHost = host.includes(':') ? `[${host}]` : host
  const url = `http://${shownHost}:${port}`
  return {
    url,
    pageUrl: `${url}/?token=${token}`,
    port,
    token,
    close: async () => {
      unsubscribe()
      for (const client of sockets.clients) client.terminate()
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}
