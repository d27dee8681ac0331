import { opendir } from 'node:fs/promises'
import { basename, join, relative, sep } from 'node:path'
import type { FileImportReport } from '../../../shared/api/index'
import { imageIdPattern } from '../../../shared/ids'
import type { ImportTick } from './import-csv'
import { skipRow, type ImportContext } from './import-context'

const knownSplits = new Set(['train', 'validation', 'test', 'tuning'])

/** The split a scan gives a new image from its path below the store: the first folder's name when it is train/validation/test/tuning, else `train`. */
export function splitOfImagePath(path: string): string {
  const top = path.split(sep)[0]!
  return knownSplits.has(top) ? top : 'train'
}

async function* walkJpegs(dir: string): AsyncGenerator<string> {
  for await (const entry of await opendir(dir, { bufferSize: 256 })) {
    if (entry.isDirectory()) yield* walkJpegs(join(dir, entry.name))
    else if (entry.name.endsWith('.jpg') && (entry.isFile() || entry.isSymbolicLink())) yield join(dir, entry.name)
  }
}

/**
 * Maps every `<ImageID>.jpg` below `root` (nested folders allowed) to its path, relative to the root;
 * a `.jpg` whose name is not an image id is skipped, counted and named in the report.
 * The split is the first folder's name when it is train/validation/test/tuning, else `train`. New
 * images are numbered in id order (so label rows, sorted by ImageID, insert in key order).
 * Dimensions are not read here (that is one file open each): the first view reads them.
 * Scanning the same root again replaces what the last scan found there.
 */
export async function scanImages(ctx: ImportContext, root: string, report: FileImportReport, tick: ImportTick): Promise<void> {
  ctx.db.prepare('INSERT OR IGNORE INTO image_roots (path) VALUES (?)').run(root)
  const rootId = ctx.db.prepare('SELECT id FROM image_roots WHERE path = ?').pluck().get(root) as number
  ctx.db.prepare('UPDATE images SET root_id = NULL, path = NULL WHERE root_id = ?').run(rootId)
  const found: Array<[string, string]> = []
  for await (const file of walkJpegs(root)) {
    const name = file.slice(file.lastIndexOf(sep) + 1, -'.jpg'.length)
    if (imageIdPattern.test(name)) found.push([name, relative(root, file)])
    else skipRow(report, 'not-an-image-id', join(basename(root), relative(root, file)), `${JSON.stringify(name)} is not a hex image id: the file is not indexed`)
    if (found.length % 10_000 === 0) await tick(0, 0, found.length)
  }
  found.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  const setFile = ctx.db.prepare('UPDATE images SET root_id = ?, path = ? WHERE id = ?')
  for (const [key, path] of found) {
    const known = ctx.knownImage(key)
    if (known === undefined) ctx.addImageFile(key, splitOfImagePath(path), rootId, path)
    else setFile.run(rootId, path, known)
    report.rows++
  }
  ctx.flush()
}
