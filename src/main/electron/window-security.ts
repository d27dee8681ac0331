import type { BrowserWindow } from 'electron'
import { mediaScheme } from '../../shared/api/ipc-channels'
import { pageHeaders } from '../transport/security'

/** Whether a URL is the app's own page: the built renderer file, or the dev server electron-vite started. */
export function isAppUrl(url: string): boolean {
  if (url.startsWith('file://')) return url.includes('/renderer/index.html')
  const dev = process.env.ELECTRON_RENDERER_URL
  return !!dev && url.startsWith(dev)
}

/** No navigation away from the app, no new windows, no webviews. */
export function hardenWindow(window: BrowserWindow): void {
  const contents = window.webContents
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/** The headless server's page policy, plus the media scheme for images and for reading a failed image's reason. */
export function electronContentPolicy(): string {
  return pageHeaders['content-security-policy']!
    .replace("img-src 'self'", `img-src 'self' ${mediaScheme}:`)
    .replace("connect-src 'self'", `connect-src 'self' ${mediaScheme}:`)
}
