import { utilityProcess } from 'electron'
import { isTrainerMessage } from '../../shared/training/protocol'
import type { TrainerProcess } from '../services/training/trainer-process'

/**
 * The trainer in the desktop app: Electron's utilityProcess (a Node process Electron manages, with a
 * MessagePort to the main process), so training never blocks the main process or a window.
 */
export function utilityTrainer(entry: string): TrainerProcess {
  const child = utilityProcess.fork(entry, [], { serviceName: 'oiw trainer', stdio: 'inherit' })
  return {
    get pid() {
      return child.pid
    },
    send: (command) => child.postMessage(command),
    onMessage: (listener) =>
      child.on('message', (message: unknown) => {
        if (isTrainerMessage(message)) listener(message)
      }),
    onExit: (listener) => child.once('exit', (code) => listener(code, null)),
    kill: () => {
      child.kill()
    },
  }
}
