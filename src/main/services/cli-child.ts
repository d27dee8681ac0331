import { fork, type ChildProcess } from 'node:child_process'

/** How a child `oiw` command ended: its exit code or signal, and the last line it wrote on stderr (`oiw: ` cut). */
export interface CliChildExit {
  code: number | null
  signal: NodeJS.Signals | null
  lastError: string | null
}

/**
 * Runs a command of the built CLI in a child process for a service of the app (index, predict, kaggle), so
 * the process serving the UI never blocks on it: its IPC messages go to `onMessage`, the tail of its stderr is
 * kept for the reason it failed, and `onExit` is called once. The one life cycle of every job the app starts.
 */
export function forkCliChild<Message>(cliScript: string, args: string[], onMessage: (message: Message) => void, onExit: (exit: CliChildExit) => void): ChildProcess {
  let stderr = ''
  const child = fork(cliScript, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
  child.on('message', (message) => onMessage(message as Message))
  child.on('exit', (code, signal) => onExit({ code, signal, lastError: stderr.trim().split('\n').at(-1)?.replace(/^oiw: /, '') || null }))
  return child
}

/**
 * A job of the app run as a child `oiw` command, one at a time: its state as the contract describes it (sent
 * to every client on each change), cancel (SIGTERM: the command stops cleanly) and dispose (app shutdown).
 */
export abstract class CliJob<Job extends object> {
  protected child: ChildProcess | null = null

  protected constructor(
    protected job: Job,
    private readonly emit: (job: Job) => void,
    /** How dispose ends a running child: SIGKILL when stopping cleanly could take long, SIGTERM when it is quick. */
    private readonly disposeSignal: NodeJS.Signals = 'SIGKILL',
  ) {}

  current(): Job {
    return this.job
  }

  cancel(): Job {
    this.child?.kill('SIGTERM')
    return this.job
  }

  dispose(): void {
    this.child?.kill(this.disposeSignal)
  }

  protected get running(): boolean {
    return this.child !== null
  }

  /** Starts the child; `onExit` runs after the job has forgotten it (a new one may start from there). */
  protected fork<Message>(cliScript: string, args: string[], onMessage: (message: Message) => void, onExit: (exit: CliChildExit) => void): void {
    this.child = forkCliChild<Message>(cliScript, args, onMessage, (exit) => {
      this.child = null
      onExit(exit)
    })
  }

  protected update(change: Partial<Job>): void {
    this.job = { ...this.job, ...change }
    this.emit(this.job)
  }
}
