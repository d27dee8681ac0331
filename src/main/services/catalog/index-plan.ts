import { existsSync, readdirSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { datasetFileKinds, type DatasetFileKind } from '../../../shared/api/indexing'
import { ApiError } from '../../../shared/errors'
import { importOrder, kindOfFile } from './dataset-files'
import { predictionSetName } from './import-test-ids'

export interface IndexSource {
  kind: DatasetFileKind
  file: string
  /** For a submission or scores: the prediction set's name. */
  setName?: string
}

/** What one indexing run reads: files in import order, then the image stores to scan. */
export interface IndexPlan {
  sources: IndexSource[]
  imageRoots: string[]
}

/** The dataset files (docs/formats.md) found by name directly inside a dataset folder. */
export function detectFiles(dir: string): IndexSource[] {
  return readdirSync(dir)
    .map((name) => ({ name, kind: kindOfFile(name) }))
    .filter((entry): entry is { name: string; kind: DatasetFileKind } => entry.kind !== null && statSync(join(dir, entry.name)).isFile())
    .map(({ name, kind }) => ({ kind, file: join(dir, name) }))
}

/**
 * Turns command-line paths into a plan. A folder contributes the files it holds, found by name, and
 * is scanned for images (unless `scan` is false); a file is recognized by its name or named
 * explicitly as `KIND=PATH` (kinds as in docs/formats.md, e.g. `human-labels=my.csv`); submissions come
 * as `NAME=PATH` or PATH (the set is named after the file), and so do scores CSVs. Paths may be
 * left out when a submission or scores file is given (a prediction set added to an indexed catalog);
 * with nothing at all it throws, naming what is missing.
 */
export function planIndex(paths: string[], options: { submissions?: string[]; scores?: string[]; scan?: boolean } = {}): IndexPlan {
  if (paths.length === 0 && !options.submissions?.length && !options.scores?.length) {
    throw new ApiError('invalid-argument', 'nothing to index: give dataset folders or files (PATH…), or a prediction set (--submission or --scores NAME=FILE)', 'paths')
  }
  const sources: IndexSource[] = []
  const imageRoots: string[] = []
  for (const arg of paths) {
    const eq = arg.indexOf('=')
    const explicit = eq > 0 ? arg.slice(0, eq) : null
    const path = resolve(explicit ? arg.slice(eq + 1) : arg)
    if (!existsSync(path)) throw new ApiError('invalid-argument', `${path}: no such file or folder`, arg)
    if (statSync(path).isDirectory()) {
      if (explicit) throw new ApiError('invalid-argument', `${arg}: a kind names a file, not a folder`, arg)
      sources.push(...detectFiles(path))
      if (options.scan !== false) imageRoots.push(path)
      continue
    }
    const kind = explicit ?? kindOfFile(basename(path))
    if (kind === null) {
      throw new ApiError('invalid-argument', `${basename(path)}: not a known file name; name its kind as KIND=${arg} (${datasetFileKinds.join(', ')})`, arg)
    }
    if (!(datasetFileKinds as readonly string[]).includes(kind)) {
      throw new ApiError('invalid-argument', `${kind}: not a file kind (${datasetFileKinds.join(', ')})`, arg)
    }
    sources.push({ kind: kind as DatasetFileKind, file: path, ...(kind === 'submission' || kind === 'scores' ? { setName: predictionSetName(path) } : {}) })
  }
  for (const spec of options.submissions ?? []) sources.push(predictionSource('submission', spec))
  for (const spec of options.scores ?? []) sources.push(predictionSource('scores', spec))
  sources.sort((a, b) => importOrder.indexOf(a.kind) - importOrder.indexOf(b.kind))
  return { sources, imageRoots }
}

/** A `NAME=PATH` or `PATH` prediction-set argument as a source (the set is named after the file without a name). */
function predictionSource(kind: 'submission' | 'scores', spec: string): IndexSource {
  const eq = spec.indexOf('=')
  const file = resolve(eq > 0 ? spec.slice(eq + 1) : spec)
  if (!existsSync(file)) throw new ApiError('invalid-argument', `${file}: no such file`, spec)
  return { kind, file, setName: predictionSetName(file, eq > 0 ? spec.slice(0, eq) : undefined) }
}
