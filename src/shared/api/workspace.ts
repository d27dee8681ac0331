import { z } from 'zod'
import { event, method } from './define'

export interface WorkspaceInfo {
  /** The folder's name, shown in the title bar. */
  name: string
  /** Absolute folder, for display only: the client never sends paths back. */
  location: string
  /** True for the embedded demo workspace that `npm start` opens with no argument. */
  isDemo: boolean
  createdAt: string
  /** Size of catalog.sqlite (and its WAL) in bytes. */
  catalogBytes: number
  /** Which process serves this client: the Electron app or the headless server. */
  host: 'electron' | 'headless'
}

/** Progress of a long job (demo generation, indexing), sent as `workspace.onDidProgress`. */
export interface JobProgress {
  job: string
  phase: string
  /** Figures that change within a phase (rows, rate, ETA), shown after it. */
  detail?: string
  done: number
  /** Null when the total is not known yet. */
  total: number | null
  finished: boolean
}

export const workspaceMethods = {
  /** What the open workspace is: name, location, size. Cheap; called once at start-up. */
  'workspace.getInfo': method<WorkspaceInfo>()(z.object({}).strict()),
}

export const workspaceEvents = {
  /** A long job moved on; at most a few per second. */
  'workspace.onDidProgress': event<JobProgress>(),
}
