import { opendir } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { imageIdPattern } from '../../../shared/ids'
import type { FileReport, ImportContext } from './import-context'

const knownSplits = new Set(['train', 'validation', 'test', 'tuning'])

async function* walkJpegs(dir: string): AsyncGenerator<string> {
  for await (const entry of await opendir(dir)) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) yield* walkJpegs(full)
    else if (entry.isFile() && entry.name.endsWith('.jpg')) yield full
  }
}

/**
 * Maps every `<ImageID>.jpg` below `root` (nested folders allowed) to its path. The split is the
 * first folder's name when it is one of train/validation/test/tuning, else `train`. Dimensions are
 * read later, on first view.
 */
export async function scanImages(ctx: ImportContext, root: string, onFile?: (n: number) => void): Promise<FileReport> {
  const report = ctx.newReport('image store')
  const setPath = ctx.db.prepare('UPDATE images SET path = ? WHERE id = ?')
  for await (const file of walkJpegs(root)) {
    const key = file.slice(file.lastIndexOf(sep) + 1, -'.jpg'.length)
    if (!imageIdPattern.test(key)) {
      ctx.skip(report, 0, `${relative(root, file)}: the file name is not an image id`)
      continue
    }
    const top = relative(root, file).split(sep)[0] ?? ''
    setPath.run(file, ctx.imageId(key, knownSplits.has(top) ? top : 'train', file))
    if (++report.rows % 1000 === 0) onFile?.(report.rows)
  }
  return report
}
