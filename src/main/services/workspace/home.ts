import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/** oiw's own folder: `$OIW_HOME`, else `~/.oiw`. Holds the demo workspace and what oiw remembers. */
export function oiwHome(): string {
  const dir = resolve(process.env.OIW_HOME ?? join(homedir(), '.oiw'))
  mkdirSync(dir, { recursive: true })
  return dir
}

interface HomeState {
  lastWorkspace?: string
}

function statePath(): string {
  return join(oiwHome(), 'state.json')
}

function readState(): HomeState {
  try {
    return JSON.parse(readFileSync(statePath(), 'utf8')) as HomeState
  } catch {
    return {}
  }
}

/** Remembers the workspace last opened, so the next start opens it again. */
export function rememberWorkspace(dir: string): void {
  writeFileSync(statePath(), JSON.stringify({ ...readState(), lastWorkspace: resolve(dir) }, null, 2))
}

/** The workspace last opened, if its folder still exists. */
export function lastWorkspace(): string | null {
  const dir = readState().lastWorkspace
  return dir && existsSync(join(dir, 'workspace.json')) ? dir : null
}
