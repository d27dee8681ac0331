import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type { WorkspaceInfo } from '../../../shared/api/index'
import { openCatalog, type Db } from '../../db/connection'
import { refreshStatsIfStale } from '../catalog/run-index'

interface WorkspaceFile {
  format: 'oiw-workspace'
  version: 1
  createdAt: string
  isDemo: boolean
}

/**
 * A workspace folder: `workspace.json`, the SQLite catalog `catalog.sqlite` (WAL) and `cache/`
 * (thumbnails). Everything oiw writes for a dataset lives here; the dataset itself is only read.
 */
export class Workspace {
  readonly name: string

  private constructor(
    readonly dir: string,
    readonly db: Db,
    private readonly file: WorkspaceFile,
  ) {
    this.name = basename(dir)
  }

  /** Opens the workspace in `dir`, creating the folder and an empty catalog if needed. */
  /** Whether `dir` holds a workspace (its workspace.json). */
  static exists(dir: string): boolean {
    return existsSync(join(resolve(dir), 'workspace.json'))
  }

  static open(dir: string, options: { isDemo?: boolean } = {}): Workspace {
    const root = resolve(dir)
    mkdirSync(join(root, 'cache', 'thumbs'), { recursive: true })
    const filePath = join(root, 'workspace.json')
    let file: WorkspaceFile
    if (existsSync(filePath)) {
      file = JSON.parse(readFileSync(filePath, 'utf8')) as WorkspaceFile
      if (file.format !== 'oiw-workspace') throw new Error(`${filePath} is not an oiw workspace file`)
    } else {
      file = { format: 'oiw-workspace', version: 1, createdAt: new Date().toISOString(), isDemo: options.isDemo ?? false }
      writeFileSync(filePath, JSON.stringify(file, null, 2))
    }
    const db = openCatalog(join(root, 'catalog.sqlite'))
    try {
      refreshStatsIfStale(db) // an indexer killed between its last file and its aggregates
    } catch {
      // another process holds the write lock (an index run): it refreshes them itself when it ends
    }
    return new Workspace(root, db, file)
  }

  get isDemo(): boolean {
    return this.file.isDemo
  }

  get catalogPath(): string {
    return join(this.dir, 'catalog.sqlite')
  }

  get thumbsDir(): string {
    return join(this.dir, 'cache', 'thumbs')
  }

  info(host: WorkspaceInfo['host']): WorkspaceInfo {
    const size = (path: string): number => (existsSync(path) ? statSync(path).size : 0)
    return {
      name: this.name,
      location: this.dir,
      isDemo: this.isDemo,
      createdAt: this.file.createdAt,
      catalogBytes: size(this.catalogPath) + size(`${this.catalogPath}-wal`),
      host,
    }
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}
