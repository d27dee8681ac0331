import type { JobProgress } from '../../shared/api/index'
import { rendererDir } from '../resources'
import { readMedia } from '../services/media/media'
import { EventHub } from '../transport/event-hub'
import { startHttpServer, type RunningServer } from '../transport/http-server'
import { createAppServices } from './app-services'
import { openWorkspaceFor } from './open-workspace'

export interface HeadlessOptions {
  workspace?: string
  port?: number
  host?: string
  onProgress?: (progress: JobProgress) => void
}

export interface HeadlessApp {
  server: RunningServer
  workspaceDir: string
  close(): Promise<void>
}

/** The headless app: the workspace's services behind the HTTP + WebSocket transport. */
export async function startHeadless(options: HeadlessOptions): Promise<HeadlessApp> {
  const hub = new EventHub()
  const workspace = await openWorkspaceFor(options.workspace, (progress) => {
    options.onProgress?.(progress)
    hub.emit('workspace.onDidProgress', progress)
  })
  const services = createAppServices(workspace, 'headless', hub)
  const server = await startHttpServer({
    handlers: services.handlers,
    hub,
    readMedia: (kind, imageId, signal) => readMedia(workspace, kind, imageId, signal),
    rendererDir: rendererDir(),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
  })
  return {
    server,
    workspaceDir: workspace.dir,
    close: async () => {
      services.dispose()
      await server.close()
      workspace.close()
    },
  }
}
