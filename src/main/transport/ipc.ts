import { methodNames, type Handlers } from '../../shared/api/index'
import { dispatch } from '../../shared/api/dispatch'
import { fail } from '../../shared/errors'
import { ipcChannel, ipcEventChannel } from '../../shared/api/ipc-channels'
import type { EventHub } from './event-hub'

/** The part of Electron's IpcMainInvokeEvent the adapter reads, to check who is calling. */
export interface IpcInvokeEvent {
  senderFrame: { url: string } | null
}

/** The part of Electron's ipcMain the adapter needs; an in-memory pair implements it in tests. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>): void
  removeHandler(channel: string): void
}

/**
 * Registers one `ipcMain.handle` per contract method from the handler map; nobody registers
 * channels by hand. Calls from a sender that `isTrustedSender` rejects get an `unauthorized`
 * envelope. Returns the function that removes them all.
 */
export function registerIpcHandlers(
  ipc: IpcMainLike,
  handlers: Handlers,
  isTrustedSender: (event: IpcInvokeEvent) => boolean,
): () => void {
  for (const method of methodNames) {
    ipc.handle(ipcChannel(method), async (event, args) => {
      if (!isTrustedSender(event)) return fail('unauthorized', `${method}: the calling frame is not the app`)
      return dispatch(handlers, method, args)
    })
  }
  return () => methodNames.forEach((method) => ipc.removeHandler(ipcChannel(method)))
}

/** Forwards every hub event to a window (`webContents.send`) until the returned function is called. */
export function forwardEventsToWindow(hub: EventHub, send: (channel: string, name: string, payload: unknown) => void): () => void {
  return hub.subscribe((name, payload) => send(ipcEventChannel, name, payload))
}
