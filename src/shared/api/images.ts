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
  /** A human label an edit set (annotate), not the imported one. */
  edited: boolean
}

/** Coordinates are normalized to 0..1 as in train_bounding_boxes.csv; flags are 1, 0 or -1 (unknown). */
export interface ImageBox {
  /** The box's key for annotate edits. */
  boxId: number
  /** The box's Source column (`xclick`, `activemil`, …; `oiw` for boxes drawn in oiw). */
  source: string
  /** Created or changed by an edit. */
  edited: boolean
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

/** Which of an image's labels a class filter looks at. */
export const imageLabelFilters = ['human-positive', 'human-negative', 'machine', 'box', 'tuning', 'any'] as const
export type ImageLabelFilter = (typeof imageLabelFilters)[number]

/** The filters and sort of a listing of images (everything but the paging). */
export const imageFilterFields = {
    /** Only images with a label of this class (as `labelFilter` says); null for all images. */
    classCode: classCodeSchema.nullable().default(null),
    /** With classCode: also match the class's descendants in the hierarchy (subcategories, not parts). */
    includeDescendants: z.boolean().default(false),
    /** With classCode: which labels count. `human-positive` includes images with a box of the class. */
    labelFilter: z.enum(imageLabelFilters).default('human-positive'),
    /** With labelFilter `machine`: the confidence range, inclusive. */
    minConfidence: z.number().min(0).max(1).default(0),
    maxConfidence: z.number().min(0).max(1).default(1),
    split: z.string().regex(/^[a-z0-9_-]{1,32}$/).nullable().default(null),
    /** true: only images with boxes (of the class, when one is set); false: only without. */
    hasBoxes: z.boolean().nullable().default(null),
    /** `yes`: images with a file; `no`: known from labels only (listable "missing" images). */
    onDisk: z.enum(['yes', 'no', 'any']).default('yes'),
    /** false: images with no label at all (files on disk without labels). */
    hasLabels: z.boolean().nullable().default(null),
    /** `id`: catalog order; `confidence`: with a class, its label's confidence, highest first. */
    sort: z.enum(['id', 'confidence']).default('id'),
}

const confidenceInOrder: [(q: { minConfidence: number; maxConfidence: number }) => boolean, { message: string; path: string[] }] = [
  (q) => q.minConfidence <= q.maxConfidence,
  { message: 'minConfidence is above maxConfidence', path: ['minConfidence'] },
]

export const imageFilterSchema = z.object(imageFilterFields).strict().refine(...confidenceInOrder)
export type ImageFilter = z.output<typeof imageFilterSchema>

export const imageQuerySchema = z
  .object({
    /** Opaque keyset cursor from the previous page's `nextCursor`. */
    cursor: z.string().max(64).regex(/^[\d.:-]+$/).nullable().default(null),
    limit: z.number().int().min(1).max(500).default(100),
    ...imageFilterFields,
  })
  .strict()
  .refine(...confidenceInOrder)

export type ImageQuery = z.output<typeof imageQuerySchema>

/** A window of a listing at any position, for a virtualized grid with a scrollbar that jumps anywhere. */
export interface ImageWindow {
  /** Images matching the filter in all. */
  total: number
  offset: number
  items: ImageRecord[]
}

export const imagesMethods = {
  /**
   * One page of images matching every filter given, sorted, with keyset paging: pass `nextCursor`
   * back as `cursor`. `limit` 1..500. Served by indexes at any catalog size.
   */
  'images.list': method<ImagePage>()(imageQuerySchema),
  /** How many images match the same filters as `images.list` (cursor and limit ignored). */
  'images.count': method<{ count: number }>()(imageQuerySchema),
  /**
   * `limit` (1..500) images from position `offset` of the listing `filter` describes, and the total.
   * The first call for a filter lists the matching ids once (about a second for 1.7 M images) and
   * keeps them, so later windows at any offset cost a page read; the kept listings are dropped when
   * the catalog changes.
   */
  'images.window': method<ImageWindow>()(
    z.object({ filter: imageFilterSchema, offset: z.number().int().min(0), limit: z.number().int().min(1).max(500).default(200) }).strict(),
  ),
  /** One image with all its labels (every source) and boxes. `not-found` for an unknown id. */
  'images.get': method<ImageDetail>()(z.object({ imageId: imageIdSchema }).strict()),
}
