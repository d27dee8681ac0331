import type { PreloadBridge } from '../shared/api/client'
import { ipcChannel, ipcEventChannel } from '../shared/api/ipc-channels'

/** The part of Electron's ipcRenderer the bridge uses; an in-memory pair implements it in tests. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void
}

const methodPattern = /^[a-z]+\.[a-zA-Z]+$/

/**
 * What the preload script exposes as `window.oiw`: invoke a contract method and listen to contract
 * events, nothing else (no raw ipcRenderer, no channel names chosen by the page).
 */
export function createBridge(ipc: IpcRendererLike, mediaBase: string): PreloadBridge {
  return {
    mediaBase,
    invoke(method, args) {
      if (typeof method !== 'string' || !methodPattern.test(method)) {
        return Promise.reject(new Error(`not a method name: ${String(method)}`))
      }
      return ipc.invoke(ipcChannel(method), args)
    },
    on(listener) {
      const wrapped = (_event: unknown, name: unknown, payload: unknown) => {
        if (typeof name === 'string') listener(name, payload)
      }
      ipc.on(ipcEventChannel, wrapped)
      return () => ipc.removeListener(ipcEventChannel, wrapped)
    },
  }
}
