import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { AnalysisArgs, AnalysisSummary, ExportReport, PredictionSetInfo, SetComparison } from '../../../shared/api/evaluation'
import type { Db } from '../../db/connection'
import { classNames, countPredictionSet, getPredictionSet, listPredictionSets, type PredictionSetCounts, type PredictionSetRecord } from '../../db/queries/predictions'
import { compareSets, type ComparePage } from './compare-sets'
import { ErrorAnalysis } from './error-analysis'
import { writeKaggleSubmission } from './export-kaggle'
import { readTuningScores, resolveFitOptions, type FittedPolicy, type TuningScores } from './fit-policy'
import { FitThread } from './fit-thread'

/** A fit and the tuning scores it was made on, shared by the analyses and exports of one set and policy. */
interface Fit {
  tuning: TuningScores
  policy: FittedPolicy
}

/** An analysis and what it took. */
interface CachedAnalysis {
  analysis: ErrorAnalysis
  set: PredictionSetRecord
  unscored: number
  seconds: number
}

/** A small least-recently-used map: reads refresh an entry, the oldest goes past `capacity`. */
class Lru<V> {
  private readonly entries = new Map<string, V>()

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key)
    if (value !== undefined) {
      this.entries.delete(key)
      this.entries.set(key, value)
    }
    return value
  }

  set(key: string, value: V): void {
    this.entries.delete(key)
    this.entries.set(key, value)
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!)
  }
}

/** A file name for a set's export: its name with anything but letters, digits, `.`, `_`, `-` made `-`. */
export function exportFileName(setName: string): string {
  const safe = setName.replace(/[^\w.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 100)
  return safe === '' ? 'submission' : safe
}

/**
 * Error analysis of prediction sets against the tuning labels, and Kaggle exports, for the app.
 *
 * Analyses are kept in memory per (set, catalog state, label policy, thresholds) — the last 8 — so the
 * paging calls that follow one are served from memory in microseconds. A set is known by its id and
 * import time, the catalog by its last import, so a re-imported set or new tuning labels are analysed
 * afresh. Cost at full scale (100 k test images × top-K scores): an analysis reads only the tuning images'
 * scores (1,000 primary-key reads, milliseconds), fits as the export does (about 6 threshold fits with
 * cross-validation: seconds, synchronous), and holds about 1,000 × K numbers; the test images are never
 * read. Counting a set for the list is a pass over its primary-key range (~0.2 s per 2 M rows), cached
 * the same way. An export streams every test image's row from the catalog (see writeKaggleSubmission).
 */
export class EvaluationService {
  private readonly counts = new Lru<PredictionSetCounts>(64)
  private readonly fits = new Lru<Fit>(8)
  private readonly analyses = new Lru<CachedAnalysis>(8)
  /** Fits and analyses being computed: the calls that arrive meanwhile wait for the same one. */
  private readonly computing = new Map<string, Promise<unknown>>()
  private readonly fitThread = new FitThread()

  constructor(
    private readonly db: Db,
    private readonly workspaceDir: string,
  ) {}

  /** Ends the fitting thread. */
  dispose(): void {
    this.fitThread.dispose()
  }

  /** Every prediction set with its counts. */
  listSets(): PredictionSetInfo[] {
    const stamp = this.catalogStamp('human')
    return listPredictionSets(this.db).map((set) => {
      const key = `${set.id}|${set.createdAt}|${stamp}`
      let counts = this.counts.get(key)
      if (!counts) this.counts.set(key, (counts = countPredictionSet(this.db, set.id)))
      return { name: set.name, kind: set.kind, file: set.file, createdAt: set.createdAt, ...counts }
    })
  }

  /** The analysis for these arguments, computed now (its fitting on a worker thread) or taken from the cache. */
  async analysis(args: AnalysisArgs): Promise<CachedAnalysis & { cached: boolean }> {
    const set = getPredictionSet(this.db, args.set)
    const key = `${this.fitKey(set, args)}|${args.threshold ?? 'fitted'}`
    const cached = this.analyses.get(key)
    if (cached) return { ...cached, cached: true }
    const entry = await this.once(`analysis|${key}`, () => this.analyse(set, args, key))
    return { ...entry, cached: false }
  }

  private async analyse(set: PredictionSetRecord, args: AnalysisArgs, key: string): Promise<CachedAnalysis> {
    const started = performance.now()
    const { tuning, policy } = args.threshold === null ? await this.fit(set, args) : { tuning: readTuningScores(this.db, set.id, args.truth), policy: null }
    const thresholds = policy?.thresholds ?? { global: args.threshold!, perClass: new Map<string, number>() }
    const analysis = new ErrorAnalysis(
      { scores: tuning.scores, truth: tuning.truth, thresholds, policy: { minLabels: args.minLabels, maxLabels: args.maxLabels }, names: classNames(this.db) },
      {
        source: policy ? 'fitted' : 'manual',
        global: thresholds.global,
        applied: policy?.applied ?? 'global',
        perClassCount: thresholds.perClass.size,
        fit: policy && {
          globalF2: policy.fitted.globalF2,
          perClassF2: policy.fitted.perClassF2,
          crossValidated: policy.crossValidated,
        },
      },
    )
    const entry: CachedAnalysis = { analysis, set, unscored: tuning.unscored, seconds: Math.round(performance.now() - started) / 1000 }
    this.analyses.set(key, entry)
    return entry
  }

  /** Runs `compute` once per key at a time: concurrent callers share its promise. */
  private once<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const running = this.computing.get(key) as Promise<T> | undefined
    if (running) return running
    const promise = compute().finally(() => this.computing.delete(key))
    this.computing.set(key, promise)
    return promise
  }

  /** The head of the analysis for these arguments. */
  async summary(args: AnalysisArgs): Promise<AnalysisSummary> {
    return this.summaryOf(await this.analysis(args), args)
  }

  /**
   * Set A (`args.set`) against set B (`compareWith`) class by class, each analysed as `summary` and the
   * paging calls analyse it (the same cache, so a set already shown costs nothing), one after the other.
   */
  async compareSets({ compareWith, sort, side, descending, offset, limit, ...args }: AnalysisArgs & ComparePage & { compareWith: string }): Promise<SetComparison> {
    const analysed = async (setArgs: AnalysisArgs) => {
      const entry = await this.analysis(setArgs)
      return { analysis: entry.analysis, summary: this.summaryOf(entry, setArgs) }
    }
    const a = await analysed(args)
    return compareSets(a, await analysed({ ...args, set: compareWith }), { sort, side, descending, offset, limit })
  }

  private summaryOf({ analysis, set, unscored, seconds }: CachedAnalysis, args: AnalysisArgs): AnalysisSummary {
    return {
      set: set.name,
      kind: set.kind,
      truth: args.truth,
      images: analysis.images.length,
      unscoredTuningImages: unscored,
      meanF2: analysis.meanF2,
      thresholds: analysis.thresholdSummary,
      minLabels: args.minLabels,
      maxLabels: args.maxLabels,
      classes: analysis.classes.length,
      imagesWithFp: analysis.imagesWithFp,
      imagesWithFn: analysis.imagesWithFn,
      seconds,
    }
  }

  /**
   * Writes the set's Kaggle submission to `<workspace>/exports/<name>.csv` with thresholds fitted as the
   * analysis fits them (reusing a cached fit), streaming every test image of the catalog.
   */
  async exportKaggle(args: AnalysisArgs & { name: string | null }): Promise<{ path: string; report: ExportReport }> {
    const set = getPredictionSet(this.db, args.set)
    const { tuning, policy } = await this.fit(set, args)
    const dir = join(this.workspaceDir, 'exports')
    mkdirSync(dir, { recursive: true })
    const path = join(dir, `${(args.name ?? exportFileName(set.name)).replace(/\.csv$/i, '')}.csv`)
    const report = await writeKaggleSubmission(this.db, set, tuning.truth, policy, path)
    return { path, report }
  }

  private async fit(set: PredictionSetRecord, args: AnalysisArgs): Promise<Fit> {
    const key = this.fitKey(set, args)
    const cached = this.fits.get(key)
    if (cached) return cached
    return this.once(`fit|${key}`, async () => {
      const options = resolveFitOptions(args)
      const tuning = readTuningScores(this.db, set.id, args.truth)
      const fit = { tuning, policy: await this.fitThread.fit(tuning.scores, tuning.truth, options, set.name) }
      this.fits.set(key, fit)
      return fit
    })
  }

  private fitKey(set: PredictionSetRecord, args: AnalysisArgs): string {
    resolveFitOptions(args)
    return [set.id, set.createdAt, this.catalogStamp(args.truth), args.truth, args.minLabels, args.maxLabels, args.minSupport].join('|')
  }

  /** Changes whenever an import ran (new tuning labels, a re-imported set) and, for human truth, with every edit. */
  private catalogStamp(truth: AnalysisArgs['truth']): string {
    const imports = (this.db.prepare('SELECT max(id) FROM imports').pluck().get() as number | null) ?? 0
    const edits = truth === 'human' ? ((this.db.prepare('SELECT max(id) FROM edits').pluck().get() as number | null) ?? 0) : 0
    return `${imports}.${edits}`
  }
}
