import { z } from 'zod'
import { event, method } from './define'

/** The kinds of file the catalog imports (docs/formats.md), detected by file name or chosen explicitly. */
export const datasetFileKinds = [
  'boxable-classes',
  'classes',
  'trainable-classes',
  'hierarchy',
  'human-labels',
  'machine-labels',
  'boxes',
  'tuning-labels',
  'sample-submission',
  'submission',
  'scores',
] as const
export type DatasetFileKind = (typeof datasetFileKinds)[number]

/** Why rows were skipped; each file's report counts them by kind. */
export const rowProblemKinds = [
  'column-count',
  'bad-image-id',
  'bad-class-code',
  'bad-source',
  'bad-number',
  'out-of-range',
  'min-above-max',
  'zero-area',
  'bad-flag',
  'invalid-utf8',
  'not-an-image-id',
  // a scores or submission row for an image the catalog does not hold (it creates no image)
  'unknown-image',
] as const
export type RowProblemKind = (typeof rowProblemKinds)[number]

export interface RowProblem {
  kind: RowProblemKind
  /** `file:line`, or an image file's path below its store */
  where: string
  message: string
}

/**
 * Rows of a file that repeat the key of an earlier row of the same file (docs/formats.md, "Repeated
 * rows"): one row is stored for the key, so a repeat is not counted in the report's `rows`.
 */
export interface DuplicateRows {
  /** How many rows repeated an earlier row's key. */
  count: number
  /** The key, as the file's columns: `ImageID,Source,LabelName`. */
  key: string
  /** Whose value the catalog keeps: the first or the last row of the key, or `all` (their labels together). */
  kept: 'first' | 'last' | 'all'
  /** The first 20 repeats, `file:line`, each naming the line it repeats and the value kept. */
  examples: Array<{ where: string; message: string }>
}

/** How each rule of `DuplicateRows.kept` reads in a report. */
export const duplicateRules: Record<DuplicateRows['kept'], string> = {
  first: 'the first row kept',
  last: 'the last row kept',
  all: 'their labels kept together',
}

/** What importing one file did. */
export interface FileImportReport {
  file: string
  kind: DatasetFileKind | 'image-store'
  /** Rows stored: valid rows, less the repeats counted in `duplicates`. */
  rows: number
  skipped: number
  skippedByKind: Partial<Record<RowProblemKind, number>>
  /** The first 20 problems. */
  problems: RowProblem[]
  /** Repeated rows, for the kinds that store one row per key; null where every valid row is stored (boxes). */
  duplicates: DuplicateRows | null
  bytes: number
  seconds: number
  /**
   * A sample submission indexed again: the test images it named before and names no more (no other sample
   * names them), `removed` of them from the catalog (nothing else referred to them). Absent when there were none.
   */
  testIdsDropped?: { images: number; removed: number }
  /** The same for tuning labels indexed again: the tuning images they named before and name no more. */
  tuningIdsDropped?: { images: number; removed: number }
}

/** What an indexing run did, and what the catalog holds after it. */
export interface IndexReport {
  files: FileImportReport[]
  /** Images with a file in the image store. */
  imagesOnDisk: number
  /** Training images named by labels or boxes with no file in the image store. */
  imagesMissing: number
  /** Image files in the store that no label, box or tuning row names. */
  filesWithoutLabels: number
  classesKnown: number
  /** Codes used by labels but named in no class-descriptions file (kept, flagged). */
  classesUnknown: number
  seconds: number
}

/** Progress of the file being imported; sent a few times a second. */
export interface IndexProgress {
  file: string
  /** 0-based position of the file in the run. */
  fileIndex: number
  fileCount: number
  rows: number
  bytes: number
  totalBytes: number
  rowsPerSecond: number
  /** Seconds left for this file, from its bytes; null until known. */
  etaSeconds: number | null
}

export interface IndexJob {
  state: 'idle' | 'running' | 'finished' | 'failed' | 'cancelled'
  /** The dataset folder being (or last) indexed, for display. */
  folder: string | null
  progress: IndexProgress | null
  report: IndexReport | null
  error: string | null
}

/** A folder on the machine that serves the app, named by an opaque id the server issued. */
export interface FolderEntry {
  folderId: string
  name: string
  /** Dataset files (docs/formats.md names) directly inside. */
  datasetFiles: number
}

export interface FolderListing {
  folder: FolderEntry & { path: string }
  parentId: string | null
  folders: FolderEntry[]
}

const folderId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)

export const indexingMethods = {
  /**
   * Lists the sub-folders of a folder on the serving machine, to pick a dataset folder to index.
   * Folders are named by opaque ids this server issued: the client never sends a path.
   * `folderId` null starts at the folder last indexed, else the user's home.
   */
  'catalog.browseFolders': method<FolderListing>()(z.object({ folderId: folderId.nullable().default(null) }).strict()),
  /**
   * Starts indexing a folder in a separate process; `busy` if a run is going. Progress comes as events.
   * A file that would replace the rows stored for its kind with none, or with fewer than half of them,
   * fails the run (`replace-refused`) unless `replaceWithEmpty` (the user confirmed it).
   */
  'catalog.startIndex': method<IndexJob>()(z.object({ folderId, replaceWithEmpty: z.boolean().optional() }).strict()),
  /** Stops the running index: the file being imported is rolled back, earlier files stay. */
  'catalog.cancelIndex': method<IndexJob>()(z.object({}).strict()),
  /** The current or last indexing run. */
  'catalog.getIndexJob': method<IndexJob>()(z.object({}).strict()),
}

export const indexingEvents = {
  /** The indexing run moved on (progress, a file finished, done, failed or cancelled). */
  'catalog.onDidIndexProgress': event<IndexJob>(),
}
