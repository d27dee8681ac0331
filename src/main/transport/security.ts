import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** A fresh random token for one launch of the server: 32 bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** The token a request carries: `Authorization: Bearer T`, or `?token=T` (img src, WebSocket URL). */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const header = req.headers.authorization
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length)
  return url.searchParams.get('token')
}

export function tokenMatches(expected: string, given: string | null): boolean {
  if (given === null) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]'])

export function isLoopback(host: string): boolean {
  return loopbackHosts.has(host) || host === '::1'
}

/** A Host header: a name or a bracketed IPv6 address, and an optional port; nothing after. */
const hostHeader = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/\s]+)(?::\d{1,5})?$/

/**
 * When bound to loopback, only requests addressed to a loopback name are served: this blocks DNS
 * rebinding (a web page making the browser talk to our port under its own host name). The header must be
 * a whole host (`[::1]evil.com` is refused, not read as `[::1]`).
 */
export function hostHeaderAllowed(req: IncomingMessage, boundHost: string): boolean {
  if (!isLoopback(boundHost)) return true
  const match = hostHeader.exec(req.headers.host ?? '')
  return match !== null && loopbackHosts.has(match[1]!)
}

/**
 * A request's path and query as a URL, or null when the request line holds no path (`*`, an absolute URL):
 * the target is read as a path under this server (`//[` is the path `//[`), never as another host.
 */
export function requestUrl(target: string | undefined): URL | null {
  if (target === undefined || !target.startsWith('/')) return null
  try {
    return new URL(`http://localhost${target}`)
  } catch {
    return null
  }
}

/**
 * Whether a WebSocket upgrade may come from where it says: with no Origin (a client that is not a browser
 * page), or from the served origin itself (`http://` + the Host it addressed).
 */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin
  return origin === undefined || origin === `http://${req.headers.host ?? ''}`
}

/** The page's security headers: a strict CSP (same as the meta tag), no referrer (the URL holds the token). */
export const pageHeaders: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; " +
    "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
}
