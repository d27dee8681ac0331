import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { trainerScript } from '../../resources'
import { isTrainerMessage, type TrainerCommand, type TrainerMessage } from '../../../shared/training/protocol'

/**
 * A running trainer process as its parent sees it, whichever way it was started (Electron's utilityProcess
 * in the app, child_process.fork headless and in the CLI). The parent never waits on it synchronously.
 */
export interface TrainerProcess {
  readonly pid: number | undefined
  send(command: TrainerCommand): void
  onMessage(listener: (message: TrainerMessage) => void): void
  /** Called once when the process is gone; `code` null and `signal` set when it was killed. */
  onExit(listener: (code: number | null, signal: string | null) => void): void
  kill(signal?: NodeJS.Signals): void
}

export type StartTrainer = () => TrainerProcess

/** The built trainer entry (electron-vite emits it beside the main bundle and the CLI: out/main/trainer.js). */
export function trainerEntry(): string {
  const entry = trainerScript()
  if (!existsSync(entry)) throw new Error(`the trainer is not built (${entry} is missing): run npm run build`)
  return entry
}

/** Starts the trainer with child_process.fork (headless server and CLI). */
export function forkTrainer(entry = trainerEntry(), env: NodeJS.ProcessEnv = process.env): TrainerProcess {
  const child = fork(entry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env, serialization: 'advanced' })
  return {
    pid: child.pid,
    send: (command) => {
      if (child.connected) child.send(command)
    },
    onMessage: (listener) =>
      child.on('message', (message) => {
        if (isTrainerMessage(message)) listener(message)
      }),
    onExit: (listener) => child.once('exit', listener),
    kill: (signal = 'SIGTERM') => {
      child.kill(signal)
    },
  }
}
