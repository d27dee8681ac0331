import { z } from 'zod'
import { method } from './define'

export interface CatalogSummary {
  images: number
  /** Images whose file is in the image store (the rest are known from labels only, e.g. tuning ids). */
  imagesOnDisk: number
  humanLabels: number
  machineLabels: number
  boxes: number
  classes: number
  tuningImages: number
  /** ISO time of the last finished import, null for an empty catalog. */
  lastIndexedAt: string | null
}

export interface ClassRecord {
  code: string
  name: string
  boxable: boolean
  trainable: boolean
  /** Images with a human-verified positive label of this class. */
  humanPositiveImages: number
  /** Images with a machine label of this class, any confidence. */
  machineImages: number
  boxes: number
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
   * Classes whose name or code contains `query` (case-insensitive), most human-labelled first.
   * At most `limit` (1..500) rows.
   */
  'catalog.listClasses': method<ClassPage>()(
    z
      .object({
        query: z.string().max(200).default(''),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
  ),
}
