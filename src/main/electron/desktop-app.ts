import { join } from 'node:path'
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron'
import { ipcMediaBase, mediaScheme } from '../../shared/api/ipc-channels'
import { parseMediaPath } from '../../shared/ids'
import { openWorkspaceFor } from '../app/open-workspace'
import { createAppServices } from '../app/app-services'
import { readMedia } from '../services/media/media'
import type { Workspace } from '../services/workspace/workspace'
import { EventHub } from '../transport/event-hub'
import { forwardEventsToWindow, registerIpcHandlers } from '../transport/ipc'
import { electronContentPolicy, hardenWindow, isAppUrl } from './window-security'
import { trainerScript } from '../resources'
import { utilityTrainer } from './utility-trainer'

protocol.registerSchemesAsPrivileged([{ scheme: mediaScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }])

function workspaceArgument(): string | undefined {
  const flag = process.argv.find((arg) => arg.startsWith('--workspace='))
  return flag?.slice('--workspace='.length)
}

function serveMedia(workspace: Workspace): void {
  protocol.handle(mediaScheme, async (request) => {
    const media = parseMediaPath(new URL(request.url).pathname)
    if (!request.url.startsWith(ipcMediaBase) || !media) return new Response('not a media path', { status: 400 })
    try {
      const { body, contentType } = await readMedia(workspace, media.kind, media.imageId)
      return new Response(new Uint8Array(body), { headers: { 'content-type': contentType } })
    } catch (error) {
      return new Response((error as Error).message, { status: 404 })
    }
  })
}

function createWindow(hub: EventHub): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'Open Images Workbench',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  hardenWindow(window)
  const stopForwarding = forwardEventsToWindow(hub, (channel, name, payload) => window.webContents.send(channel, name, payload))
  window.on('closed', stopForwarding)
  window.once('ready-to-show', () => window.show())
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void window.loadFile(join(__dirname, '../renderer/index.html'))
  return window
}

/** Opens the workspace, wires IPC and media to its services, and shows the window. */
export async function startDesktopApp(): Promise<void> {
  await app.whenReady()
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders, 'Content-Security-Policy': [electronContentPolicy()] }
    callback({ responseHeaders: headers })
  })
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  const hub = new EventHub()
  const workspace = await openWorkspaceFor(workspaceArgument(), (progress) => hub.emit('workspace.onDidProgress', progress))
  serveMedia(workspace)
  // training runs in Electron's utilityProcess: a Node process Electron manages, never the main process
  const services = createAppServices(workspace, 'electron', hub, () => utilityTrainer(trainerScript()))
  registerIpcHandlers(ipcMain, services.handlers, (event) => isAppUrl(event.senderFrame?.url ?? ''))
  createWindow(hub)
  app.on('window-all-closed', () => {
    services.dispose()
    workspace.close()
    app.quit()
  })
}
