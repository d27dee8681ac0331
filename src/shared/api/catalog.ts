import { z } from 'zod'
import { method } from './define'

/** Where the catalog's boxable classes (the box stage's classes) came from. */
export interface BoxableClasses {
  /** Classes flagged boxable. */
  count: number
  /**
   * `list`: a class-descriptions-boxable.csv was indexed; `boxes`: none was (the challenge shipped none), so the
   * classes with human boxes; `none`: neither a list nor boxes.
   */
  source: 'list' | 'boxes' | 'none'
  /** The file that set them, as indexed: the list, or the boxes file indexed last; null when none. */
  file: string | null
}

export interface CatalogSummary {
  images: number
  /** Images whose file is in the image store (the rest are known from labels only, e.g. tuning ids). */
  imagesOnDisk: number
  humanLabels: number
  machineLabels: number
  boxes: number
  classes: number
  tuningImages: number
  /** Test images named by the sample submission. */
  testImages: number
  /** Training images named by labels or boxes that have no file in the image store. */
  imagesMissing: number
  /** Codes used by labels but named in no class-descriptions file. */
  unknownClasses: number
  predictionSets: number
  /** ISO time of the last finished import, null for an empty catalog. */
  lastIndexedAt: string | null
  boxableClasses: BoxableClasses
  /** The class hierarchy file indexed last, null when none was (features that use the hierarchy then say so). */
  hierarchyFile: string | null
}

export interface ClassRecord {
  code: string
  name: string
  boxable: boolean
  trainable: boolean
  /** False for a code that labels use but no class-descriptions file names. */
  described: boolean
  /** Images with a human-verified positive label of this class. */
  humanPositiveImages: number
  /** Images where a human verified the class absent (Confidence 0). */
  humanNegativeImages: number
  /** Images with a machine label of this class, any confidence. */
  machineImages: number
  tuningImages: number
  boxes: number
  /** Images with at least one box of this class. */
  boxImages: number
}

export interface ClassPage {
  items: ClassRecord[]
  /** All classes matching the query, not only this page. */
  total: number
}

export const catalogMethods = {
  /** Row counts of the open catalog; computed from indexed aggregates, fast at full scale. */
  'catalog.getSummary': method<CatalogSummary>()(z.object({}).strict()),
  /**
   * Classes matching `query` (case-insensitive): names or codes starting with it first, then names
   * containing it; within each, most human-labelled first. At most `limit` (1..500) rows.
   * `unknownOnly`: only codes that labels use but no class-descriptions file names.
   */
  'catalog.listClasses': method<ClassPage>()(
    z
      .object({
        query: z.string().max(200).default(''),
        limit: z.number().int().min(1).max(500).default(50),
        unknownOnly: z.boolean().default(false),
      })
      .strict(),
  ),
}
