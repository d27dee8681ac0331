/** Electron IPC channel names, shared by the main process adapter and the preload bridge. */
export const ipcEventChannel = 'oiw:event'

export function ipcChannel(method: string): string {
  return `oiw:${method}`
}

/** The scheme under which the Electron main process serves image bytes to the window. */
export const mediaScheme = 'oiw-media'
export const ipcMediaBase = `${mediaScheme}://app`
