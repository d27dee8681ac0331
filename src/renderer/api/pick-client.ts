import type { ApiClient, PreloadBridge } from '../../shared/api/client'
import { HttpApiClient } from './http-client'
import { IpcApiClient } from './ipc-client'

declare global {
  interface Window {
    oiw?: PreloadBridge
  }
}

/**
 * Chosen once at start-up: the preload bridge when Electron put one there, else HTTP to the server
 * that served this page, with the token from the page's URL (kept for reloads in sessionStorage).
 */
export function pickClient(): ApiClient {
  if (window.oiw) return new IpcApiClient(window.oiw)
  const url = new URL(window.location.href)
  const token = url.searchParams.get('token') ?? sessionStorage.getItem('oiw-token') ?? ''
  sessionStorage.setItem('oiw-token', token)
  return new HttpApiClient({ baseUrl: url.origin, token })
}
