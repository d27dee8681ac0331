import type { TrainerCommand, TrainerMessage } from '../shared/training/protocol'

/**
 * The trainer's link to its parent: Electron's utilityProcess gives `process.parentPort` (messages arrive
 * as `{ data }`), `child_process.fork` gives `process.send` / `process.on('message')`. Same protocol on both.
 */
export interface ParentChannel {
  send(message: TrainerMessage): void
  onCommand(listener: (command: TrainerCommand) => void): void
}

interface ParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): void
}

export function connectToParent(): ParentChannel {
  const port = (process as unknown as { parentPort?: ParentPort }).parentPort
  if (port) {
    return {
      send: (message) => port.postMessage(message),
      onCommand: (listener) => port.on('message', (event) => listener(event.data as TrainerCommand)),
    }
  }
  if (process.send) {
    const send = process.send.bind(process)
    return {
      send: (message) => {
        if (process.connected) send(message)
      },
      onCommand: (listener) => process.on('message', (message) => listener(message as TrainerCommand)),
    }
  }
  throw new Error('the trainer must be started by oiw (utilityProcess or child_process.fork), not on its own')
}
