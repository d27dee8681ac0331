import { labelSourceId } from '../../../../shared/labels'
import type { Db } from '../../connection'
import { getMeta, setMeta } from '../summary'
import { writeClassPairs } from './class-pairs'
import { collectHumanPositiveLists, type HumanPositiveLists } from './human-positive-lists'

const humanSources = `${labelSourceId('verification')}, ${labelSourceId('crowdsource-verification')}`
const machine = labelSourceId('machine')
const tuning = labelSourceId('tuning')

/** The histogram's last bin: images with at least this many labels. */
export const lastHistogramBin = 20

/** Catalog-wide counts the stats methods divide by, stored at refresh in meta `explore.totals`. */
export interface ExploreTotals {
  /** Images with any human label, either verdict: the population of the human histogram. */
  humanImages: number
  /** Images with at least one human-positive label: N of shares and lift. */
  humanPositiveImages: number
  humanPositiveLabels: number
  /** Images of split `tuning` or with a tuning label: the population of the tuning histogram. */
  tuningImages: number
  tuningLabelledImages: number
  tuningLabels: number
}

const noTotals: ExploreTotals = { humanImages: 0, humanPositiveImages: 0, humanPositiveLabels: 0, tuningImages: 0, tuningLabelledImages: 0, tuningLabels: 0 }

/** The totals of the last refresh (zeros before the first). */
export function getExploreTotals(db: Db): ExploreTotals {
  const stored = getMeta(db, 'explore.totals')
  return stored ? { ...noTotals, ...(JSON.parse(stored) as Partial<ExploreTotals>) } : noTotals
}

/**
 * Machine labels joined to the human labels of the same (image, class): driven by the human rows in
 * primary-key order (`image_id >= 0` picks the primary key), each probing its machine row next to it.
 */
export const agreementSql = `INSERT INTO class_agreement (class_id, band, verified_present, verified_absent)
  SELECT class_id, band, sum(present), sum(absent) FROM (
    SELECT h.class_id AS class_id, max(h.confidence = 1) AS present, max(h.confidence = 0) AS absent,
      max(0, min(9, CAST(max(m.confidence) * 10 AS INTEGER))) AS band
    FROM labels AS h JOIN labels AS m ON m.image_id = h.image_id AND m.class_id = h.class_id AND m.source = ${machine}
    WHERE h.image_id >= 0 AND h.source IN (${humanSources})
    GROUP BY h.image_id, h.class_id)
  GROUP BY class_id, band`

/** Tuning labels per image: a seek per class on labels_by_class, then grouped (few thousand rows). */
export const tuningCountsSql = `SELECT image_id, count(*) FROM labels INDEXED BY labels_by_class
  WHERE class_id IN (SELECT id FROM classes) AND source = ${tuning} GROUP BY image_id`

/**
 * Recomputes the explore page's tables (class_agreement, class_pairs, label_histogram) and totals;
 * run after refreshClassStats at the end of each indexing run. Two passes over the labels primary
 * key in SQL plus pair counting in JS: about 18 s and 450 MB at full scale. Its own transaction (a
 * savepoint inside the caller's).
 */
export function refreshExploreStats(db: Db): void {
  db.transaction(() => {
    db.exec('DELETE FROM class_agreement; DELETE FROM class_pairs; DELETE FROM label_histogram')
    db.exec(agreementSql)
    const lists = collectHumanPositiveLists(db)
    writeClassPairs(db, lists)
    const human = histogramOfLists(lists)
    const tuningImages = new Map<number, number>()
    for (const id of db.prepare("SELECT id FROM images INDEXED BY images_by_split WHERE split = 'tuning'").pluck().iterate() as Iterable<number>) {
      tuningImages.set(id, 0)
    }
    for (const [imageId, n] of db.prepare(tuningCountsSql).raw().iterate() as Iterable<[number, number]>) tuningImages.set(imageId, n)
    const tuned = histogramOf(tuningImages.values())
    writeHistogram(db, 'human', human.bins)
    writeHistogram(db, 'tuning', tuned.bins)
    const totals: ExploreTotals = {
      humanImages: lists.images,
      humanPositiveImages: lists.images - human.bins[0]!,
      humanPositiveLabels: lists.labels,
      tuningImages: tuningImages.size,
      tuningLabelledImages: tuningImages.size - tuned.bins[0]!,
      tuningLabels: tuned.labels,
    }
    setMeta(db, 'explore.totals', JSON.stringify(totals))
  })()
}

function histogramOfLists({ starts, images }: HumanPositiveLists): { bins: number[]; labels: number } {
  function* counts(): Iterable<number> {
    for (let i = 0; i < images; i++) yield starts[i + 1]! - starts[i]!
  }
  return histogramOf(counts())
}

function histogramOf(counts: Iterable<number>): { bins: number[]; labels: number } {
  const bins = Array.from({ length: lastHistogramBin + 1 }, () => 0)
  let labels = 0
  for (const n of counts) {
    bins[Math.min(n, lastHistogramBin)]!++
    labels += n
  }
  return { bins, labels }
}

function writeHistogram(db: Db, source: 'human' | 'tuning', bins: number[]): void {
  const insert = db.prepare('INSERT INTO label_histogram (source, labels, images) VALUES (?, ?, ?)')
  bins.forEach((images, labels) => insert.run(source, labels, images))
}
