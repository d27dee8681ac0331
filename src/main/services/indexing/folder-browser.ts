import { randomBytes } from 'node:crypto'
import { readdirSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import type { FolderEntry, FolderListing } from '../../../shared/api/index'
import { ApiError } from '../../../shared/errors'
import { kindOfFile } from '../catalog/dataset-files'

const maxFolders = 2000

/**
 * Lets a client pick a folder on the serving machine without ever sending a path: each folder shown
 * gets an opaque id, and only ids this browser issued are accepted back.
 */
export class FolderBrowser {
  private readonly pathById = new Map<string, string>()
  private readonly idByPath = new Map<string, string>()

  constructor(private readonly startFolder: () => string = homedir) {}

  /** The id for a folder, issuing one the first time. */
  idFor(path: string): string {
    const full = resolve(path)
    let id = this.idByPath.get(full)
    if (!id) {
      id = randomBytes(9).toString('base64url')
      this.idByPath.set(full, id)
      this.pathById.set(id, full)
    }
    return id
  }

  /** The folder an id stands for; `not-found` for an id this browser never issued. */
  pathOf(folderId: string): string {
    const path = this.pathById.get(folderId)
    if (!path) throw new ApiError('not-found', 'that folder is not one this server listed; browse again', 'folderId')
    return path
  }

  /**
   * The folder an id stands for, when it looks like a dataset: it holds a dataset file (docs/formats.md) or an
   * image-store folder (train, validation, test). Anything else (a home folder, say) is refused
   * rather than scanned.
   */
  datasetFolder(folderId: string): string {
    const path = this.pathOf(folderId)
    const names = safeList(path)
    if (!names.some((name) => kindOfFile(name) !== null || imageStoreFolders.has(name))) {
      throw new ApiError('bad-input', `${path} holds no dataset file (train_human_labels.csv, …) and no train/validation/test image folder`, 'folderId')
    }
    return path
  }

  private entry(path: string): FolderEntry {
    const datasetFiles = safeList(path).filter((name) => kindOfFile(name) !== null).length
    return { folderId: this.idFor(path), name: basename(path) || path, datasetFiles }
  }

  /** A folder, its parent and its sub-folders (hidden ones left out), sorted by name. */
  list(folderId: string | null): FolderListing {
    const path = folderId === null ? this.startFolder() : this.pathOf(folderId)
    let names: string[]
    try {
      names = readdirSync(path, { withFileTypes: true })
        .filter((entry) => !entry.name.startsWith('.') && (entry.isDirectory() || (entry.isSymbolicLink() && isFolder(join(path, entry.name)))))
        .map((entry) => entry.name)
        .sort((a, b) => a.localeCompare(b))
        .slice(0, maxFolders)
    } catch (error) {
      throw new ApiError('not-found', `${path} cannot be read: ${(error as Error).message}`, 'folderId')
    }
    const parent = dirname(path)
    return {
      folder: { ...this.entry(path), path },
      parentId: parent === path ? null : this.idFor(parent),
      folders: names.map((name) => this.entry(join(path, name))),
    }
  }
}

const imageStoreFolders = new Set(['train', 'validation', 'test'])

/** A folder's entries, or none when it cannot be read. */
function safeList(path: string): string[] {
  try {
    return readdirSync(path)
  } catch {
    return []
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
