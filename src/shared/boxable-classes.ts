import type { BoxableClasses } from './api/catalog'

/** The last part of a path as indexed (either separator): what a user calls the file. */
export function fileNameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
}

/**
 * Where the boxable classes came from, in one phrase for `oiw info` and Explore: "600 from
 * class-descriptions-boxable.csv", "57, the classes of train_bounding_boxes.csv (no boxable list indexed)".
 */
export function describeBoxableClasses({ count, source, file }: BoxableClasses): string {
  const n = count.toLocaleString('en-US')
  if (source === 'list') return `${n} from ${file === null ? 'the boxable list' : fileNameOf(file)}`
  if (source === 'boxes') return `${n}, the classes ${file === null ? 'with boxes' : `of ${fileNameOf(file)}`} (no boxable list indexed)`
  return 'none (no boxable list or boxes indexed)'
}
