import { z } from 'zod'
import { classCodeSchema, imageIdSchema } from '../ids'
import type { LabelSource } from '../labels'
import { method } from './define'

export interface ImageRecord {
  imageId: string
  split: string
  /** Pixels; null until the image has been read once. */
  width: number | null
  height: number | null
  onDisk: boolean
  labelCount: number
  boxCount: number
}

export interface ImageLabel {
  code: string
  name: string
  source: LabelSource
  /** 1 present / 0 verified absent for human labels; 0..1 for machine labels. */
  confidence: number
}

/** Coordinates are normalized to 0..1 as in train_bounding_boxes.csv; flags are 1, 0 or -1 (unknown). */
export interface ImageBox {
  code: string
  name: string
  xMin: number
  xMax: number
  yMin: number
  yMax: number
  isOccluded: number
  isTruncated: number
  isGroupOf: number
  isDepiction: number
  isInside: number
}

export interface ImageDetail {
  image: ImageRecord
  labels: ImageLabel[]
  boxes: ImageBox[]
}

export interface ImagePage {
  items: ImageRecord[]
  /** Opaque keyset cursor for the next page; null on the last page. */
  nextCursor: string | null
}

export const imagesMethods = {
  /**
   * One page of images in catalog order, optionally only those with a human-verified positive label
   * (or a box) of `classCode`. Keyset paging: pass `nextCursor` back as `cursor`. `limit` 1..500.
   */
  'images.list': method<ImagePage>()(
    z
      .object({
        cursor: z.string().regex(/^\d{1,12}$/).nullable().default(null),
        limit: z.number().int().min(1).max(500).default(100),
        classCode: classCodeSchema.nullable().default(null),
        onDiskOnly: z.boolean().default(true),
      })
      .strict(),
  ),
  /** One image with all its labels (every source) and boxes. `not-found` for an unknown id. */
  'images.get': method<ImageDetail>()(z.object({ imageId: imageIdSchema }).strict()),
}
