import { join } from 'node:path'
import type { EditHistoryPage, EditReceipt, Handlers, OpenImagesExport, ParsedArgsOf } from '../../../shared/api/index'
import { ApiError } from '../../../shared/errors'
import { openCatalog, type Db } from '../../db/connection'
import { editHistory, getEdit } from '../../db/queries/annotate/edit-log'
import type { EventHub } from '../../transport/event-hub'
import { applyBoxPatch, applyDeleteBox, applyDrawBox, applyRevert, applyVerdict, boxOfImage } from './apply-edits'
import { classIdOf, commitEdits, imageRowId, type EditContext } from './edit-context'
import { exportOpenImages } from './export-openimages'

/**
 * Edits of labels and boxes. Every request is all or nothing, idempotent on its request id and
 * durable once answered (src/main/services/annotate/edit-context.ts); each committed request is
 * announced as `annotate.onDidEdit` so every window reloads, and `onChange` drops listings kept
 * for the grid.
 */
export class AnnotateService {
  constructor(
    private readonly db: Db,
    private readonly hub: EventHub | null,
    private readonly onChange: () => void = () => {},
    private readonly workspace: { catalogPath: string; dir: string } | null = null,
  ) {}

  /** Exports the merged labels and boxes to `<workspace>/exports/openimages/`, on a read-only connection of its own. */
  async exportOpenImages(): Promise<OpenImagesExport> {
    if (!this.workspace) throw new ApiError('not-found', 'no workspace folder to export into')
    const snapshot = openCatalog(this.workspace.catalogPath, { readonly: true })
    try {
      return await exportOpenImages(snapshot, join(this.workspace.dir, 'exports', 'openimages'))
    } finally {
      snapshot.close()
    }
  }

  setLabels({ requestId, author, edits }: ParsedArgsOf<'annotate.setLabels'>): EditReceipt {
    return this.commit(requestId, author, (ctx) => {
      const classes = new Map<string, number>()
      const seen = new Set<string>()
      edits.forEach((edit, n) => {
        const image = imageRowId(this.db, edit.imageId, `edits.${n}.imageId`)
        let classId = classes.get(edit.classCode)
        if (classId === undefined) classes.set(edit.classCode, (classId = classIdOf(this.db, edit.classCode, `edits.${n}.classCode`)))
        const key = `${image}:${classId}`
        if (seen.has(key)) throw new ApiError('invalid-argument', `image ${edit.imageId} and class ${edit.classCode} appear twice in one request`, `edits.${n}`)
        seen.add(key)
        applyVerdict(ctx, image, classId, edit.verdict)
      })
    })
  }

  createBox({ requestId, author, imageId, box }: ParsedArgsOf<'annotate.createBox'>): EditReceipt {
    return this.commit(requestId, author, (ctx) => applyDrawBox(ctx, imageRowId(this.db, imageId, 'imageId'), box, 'box'))
  }

  updateBox({ requestId, author, imageId, boxId, patch }: ParsedArgsOf<'annotate.updateBox'>): EditReceipt {
    return this.commit(requestId, author, (ctx) => {
      applyBoxPatch(ctx, boxOfImage(ctx, imageRowId(this.db, imageId, 'imageId'), boxId, imageId), patch)
    })
  }

  deleteBox({ requestId, author, imageId, boxId }: ParsedArgsOf<'annotate.deleteBox'>): EditReceipt {
    return this.commit(requestId, author, (ctx) => {
      applyDeleteBox(ctx, boxOfImage(ctx, imageRowId(this.db, imageId, 'imageId'), boxId, imageId))
    })
  }

  revert({ requestId, author, editId }: ParsedArgsOf<'annotate.revert'>): EditReceipt {
    return this.commit(requestId, author, (ctx) => {
      const edit = getEdit(this.db, editId)
      if (!edit) throw new ApiError('not-found', `no edit ${editId} in the history`, 'editId')
      applyRevert(ctx, edit)
    })
  }

  history({ imageId, before, limit }: ParsedArgsOf<'annotate.history'>): EditHistoryPage {
    return editHistory(this.db, imageId === null ? null : imageRowId(this.db, imageId, 'imageId'), before, limit)
  }

  private commit(requestId: string, author: string, work: (ctx: EditContext) => void): EditReceipt {
    const { receipt, fresh } = commitEdits(this.db, requestId, author, work)
    if (fresh && receipt.editIds.length > 0) {
      this.onChange()
      this.hub?.emit('annotate.onDidEdit', { ...receipt, author })
    }
    return receipt
  }
}

type AnnotateMethod = Extract<keyof Handlers, `annotate.${string}`>
export type AnnotateHandlers = Pick<Handlers, AnnotateMethod>

/** The annotate part of the handler map. */
export function annotateHandlers(service: AnnotateService): AnnotateHandlers {
  return {
    'annotate.setLabels': (args) => service.setLabels(args),
    'annotate.createBox': (args) => service.createBox(args),
    'annotate.updateBox': (args) => service.updateBox(args),
    'annotate.deleteBox': (args) => service.deleteBox(args),
    'annotate.revert': (args) => service.revert(args),
    'annotate.history': (args) => service.history(args),
    'annotate.exportOpenImages': () => service.exportOpenImages(),
  }
}
