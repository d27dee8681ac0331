import type { IpcInvokeEvent, IpcMainLike } from '../../src/main/transport/ipc'
import type { IpcRendererLike } from '../../src/preload/bridge'

type Handler = (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>
type Listener = (event: unknown, ...args: unknown[]) => void

/**
 * Electron's ipcMain/ipcRenderer pair without Electron: values cross by structured clone, as they do
 * between processes, and each invoke carries the sender frame's URL.
 */
export function inMemoryIpcPair(senderUrl: string): {
  main: IpcMainLike
  renderer: IpcRendererLike
  send: (channel: string, ...args: unknown[]) => void
} {
  const handlers = new Map<string, Handler>()
  const listeners = new Map<string, Set<Listener>>()
  const main: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
      handlers.set(channel, listener)
    },
    removeHandler(channel) {
      handlers.delete(channel)
    },
  }
  const renderer: IpcRendererLike = {
    async invoke(channel, ...args) {
      const handler = handlers.get(channel)
      if (!handler) throw new Error(`No handler registered for '${channel}'`)
      return structuredClone(await handler({ senderFrame: { url: senderUrl } }, ...structuredClone(args)))
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set())
      listeners.get(channel)!.add(listener)
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener)
    },
  }
  const send = (channel: string, ...args: unknown[]) => {
    for (const listener of listeners.get(channel) ?? []) listener({}, ...structuredClone(args))
  }
  return { main, renderer, send }
}
