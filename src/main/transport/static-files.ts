import { createReadStream, existsSync, statSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { extname, resolve, sep } from 'node:path'
import { pageHeaders } from './security'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/**
 * Serves the built renderer. The decoded path must resolve inside `root`, else 404: no `..`,
 * encoded or not, reaches another file.
 */
export function serveStatic(root: string, pathname: string, res: ServerResponse): void {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname)
  } catch {
    return void res.writeHead(400).end('bad path')
  }
  const file = resolve(root, `.${decoded}`)
  if (decoded.includes('\0') || !file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
  }
  const isPage = extname(file) === '.html'
  res.writeHead(200, {
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'cache-control': isPage ? 'no-store' : 'public, max-age=31536000, immutable',
    ...(isPage ? pageHeaders : { 'x-content-type-options': 'nosniff' }),
  })
  createReadStream(file).pipe(res)
}
