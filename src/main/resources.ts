import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

let cached: string | null = null

/**
 * The `resources/` folder: beside the sources in a checkout (src/main/… or out/main/…), or
 * `process.resourcesPath` in a packaged Electron app. Found by walking up, so the CLI, the app and the
 * tests agree.
 */
export function resourcesDir(): string {
  if (cached) return cached
  const packaged = (process as { resourcesPath?: string }).resourcesPath
  const starts = [dirname(fileURLToPath(import.meta.url)), ...(packaged ? [packaged] : [])]
  for (const start of starts) {
    for (let dir = start, i = 0; i < 6; dir = dirname(dir), i++) {
      const candidate = join(dir, 'resources')
      if (existsSync(join(candidate, 'data', 'class-descriptions-boxable.csv'))) return (cached = resolve(candidate))
    }
  }
  throw new Error(`resources/ not found above ${starts.join(', ')}`)
}

/** A file of the real Open Images class data shipped in resources/data. */
export function resourceDataFile(name: string): string {
  return join(resourcesDir(), 'data', name)
}

/** The built renderer (out/renderer), next to out/main. */
export function rendererDir(): string {
  return resolve(resourcesDir(), '..', 'out', 'renderer')
}

/** The built Electron main script (out/main/index.js). */
export function electronMainScript(): string {
  return resolve(resourcesDir(), '..', 'out', 'main', 'index.js')
}

/** The built CLI (out/main/cli.js), which the app forks to index in a separate process. */
export function cliScript(): string {
  return resolve(resourcesDir(), '..', 'out', 'main', 'cli.js')
}

/** The built trainer process entry (out/main/trainer.js), forked or started as a utilityProcess to train. */
export function trainerScript(): string {
  return resolve(resourcesDir(), '..', 'out', 'main', 'trainer.js')
}

/** The built threshold-fitting worker thread (out/main/fit-worker.js). */
export function fitWorkerScript(): string {
  return resolve(resourcesDir(), '..', 'out', 'main', 'fit-worker.js')
}
