import { z } from 'zod'
import { classCodeSchema, imageIdSchema } from '../ids'
import { event, method } from './define'

/**
 * A human verdict on one class of one image, as an edit sets it: `present` (a human-verified positive,
 * also what accepting a machine label or adding a label does), `absent` (verified absent, what
 * rejecting a machine label does) or `none` (no human label: removing one).
 */
export const verdicts = ['present', 'absent', 'none'] as const
export type Verdict = (typeof verdicts)[number]

const coordinate = z.number().min(0, 'coordinates are normalized to 0..1').max(1, 'coordinates are normalized to 0..1')
const flag = z.union([z.literal(1), z.literal(0), z.literal(-1)])

/** The editable fields of a box; coordinates normalized to 0..1, flags 1, 0 or -1 (unknown). */
export const boxFieldsSchema = z.strictObject({
  classCode: classCodeSchema,
  xMin: coordinate,
  xMax: coordinate,
  yMin: coordinate,
  yMax: coordinate,
  isOccluded: flag,
  isTruncated: flag,
  isGroupOf: flag,
  isDepiction: flag,
  isInside: flag,
})
export type BoxFields = z.output<typeof boxFieldsSchema>
export type BoxPatch = Partial<BoxFields>
export const boxFlagNames = ['isOccluded', 'isTruncated', 'isGroupOf', 'isDepiction', 'isInside'] as const

/**
 * Who sends an edit and which request it is. `requestId` is the client's idempotency key: sending the
 * same request again (after a lost answer) returns the first answer and writes nothing twice.
 * `author` names the window or tool (kept in the history).
 */
const requestFields = {
  requestId: z.string().regex(/^[A-Za-z0-9_.:-]{8,80}$/, 'a request id is 8..80 letters, digits or _ . : -'),
  author: z.string().min(1).max(80).default('api'),
}

export const labelEditSchema = z.strictObject({ imageId: imageIdSchema, classCode: classCodeSchema, verdict: z.enum(verdicts) })
export type LabelEdit = z.output<typeof labelEditSchema>

/** What an edit was: its record in the append-only history. */
export interface EditRecord {
  editId: number
  /** ISO time the edit committed. */
  at: string
  author: string
  imageId: string
  kind: 'label' | 'box-create' | 'box-update' | 'box-delete'
  /** The label's class, or the box's class (after the edit; before it for a deletion). */
  classCode: string
  className: string
  /** Box edits: the box. */
  boxId: number | null
  /**
   * Labels: `{ verdict }` with `imported` for the state before any edit. Boxes: the fields the edit
   * changed, as they were and as they became (null for a box that did not exist).
   */
  before: EditState | null
  after: EditState | null
  /** The edit this one reverted, if it is a revert. */
  revertsEditId: number | null
}

export type EditState = { verdict: Verdict | 'imported' } | Partial<BoxFields>

/** What an accepted edit request wrote. The same answer comes back for a repeated `requestId`. */
export interface EditReceipt {
  /** The edits written, in order (empty when every edit already held: nothing changed). */
  editIds: number[]
  /** Images whose labels or boxes changed. */
  imageIds: string[]
  /** The box a `createBox` made. */
  boxId: number | null
}

export interface EditHistoryPage {
  items: EditRecord[]
  /** Pass back as `before` for the next (older) page; null at the first edit. */
  nextBefore: number | null
}

/** What `annotate.exportOpenImages` wrote. */
export interface OpenImagesExport {
  /** The folder on the serving machine, for display only. */
  dir: string
  humanLabels: number
  boxes: number
  /** Edits in the history when the export was taken; all of them are merged into the files. */
  edits: number
}

export const annotateMethods = {
  /**
   * Sets human verdicts: one per (image, class), up to 10,000 at once (a grid selection). All or
   * nothing: an unknown image (`not-found`, where `edits.N.imageId`) or class (`bad-input`, where
   * `edits.N.classCode`) writes nothing. Durable once answered.
   */
  'annotate.setLabels': method<EditReceipt>()(
    z.strictObject({ ...requestFields, edits: z.array(labelEditSchema).min(1).max(10_000) }),
  ),
  /**
   * Adds a box to an image; zero-area boxes and coordinates outside 0..1 are refused. As in Open
   * Images, a box's class is a positive label of its image: unless the image has that class as a
   * human-verified positive already, the same request also sets it `present` (a human `absent` too:
   * the box is proof). The receipt holds both edits, box first, and reverting its edits newest first
   * (the window's undo) removes both; the history lists them as two edits, each revertible alone.
   */
  'annotate.createBox': method<EditReceipt>()(
    z.strictObject({ ...requestFields, imageId: imageIdSchema, box: boxFieldsSchema }),
  ),
  /**
   * Changes some fields of a box (geometry, class, flags); the others keep their current values, so
   * two windows editing different fields of one box both win. `not-found` for a deleted box.
   */
  'annotate.updateBox': method<EditReceipt>()(
    z.strictObject({ ...requestFields, imageId: imageIdSchema, boxId: z.number().int().min(1), patch: boxFieldsSchema.partial() }),
  ),
  'annotate.deleteBox': method<EditReceipt>()(
    z.strictObject({ ...requestFields, imageId: imageIdSchema, boxId: z.number().int().min(1) }),
  ),
  /**
   * Reverts one edit by writing a new edit that puts back what it changed (the history keeps both).
   * Undo is a revert of the window's last edit; redo a revert of that revert.
   */
  'annotate.revert': method<EditReceipt>()(z.strictObject({ ...requestFields, editId: z.number().int().min(1) })),
  /**
   * Writes train_human_labels.csv and train_bounding_boxes.csv with every edit merged to
   * `<workspace>/exports/openimages/` (as `oiw export openimages`), from a snapshot: edits keep going
   * while it runs. Seconds at full scale (22 M rows).
   */
  'annotate.exportOpenImages': method<OpenImagesExport>()(z.strictObject({})),
  /** The history, newest first, of one image or of the whole catalog; keyset pages by edit id. */
  'annotate.history': method<EditHistoryPage>()(
    z.strictObject({
      imageId: imageIdSchema.nullable().default(null),
      before: z.number().int().min(1).nullable().default(null),
      limit: z.number().int().min(1).max(500).default(100),
    }),
  ),
}

export const annotateEvents = {
  /** Edits committed (from any window or tool): views of these images should reload. */
  'annotate.onDidEdit': event<EditReceipt & { author: string }>(),
}
