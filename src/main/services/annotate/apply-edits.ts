import type { BoxFields, BoxPatch, EditState, Verdict } from '../../../shared/api/index'
import { ApiError } from '../../../shared/errors'
import { insertBox, isDeletedBox, patchBox, removeBox, restoreBox, storedBox, type StoredBox } from '../../db/queries/annotate/box-overlay'
import type { StoredEdit } from '../../db/queries/annotate/edit-log'
import { currentVerdict, editedVerdict, restoreImportedLabels, setVerdict } from '../../db/queries/annotate/label-overlay'
import { classIdOf, type EditContext } from './edit-context'

/** Sets a verdict unless (image, class) already has it; returns the edit id or null. */
export function applyVerdict(ctx: EditContext, imageRowId: number, classId: number, verdict: Verdict, reverts: number | null = null): number | null {
  if (currentVerdict(ctx.db, imageRowId, classId) === verdict) return null
  const before: EditState = { verdict: editedVerdict(ctx.db, imageRowId, classId) ?? 'imported' }
  ctx.touch(imageRowId)
  setVerdict(ctx.db, imageRowId, classId, verdict)
  return ctx.append({ imageId: imageRowId, kind: 'label', classId, boxId: null, before, after: { verdict }, revertsEditId: reverts })
}

function checkArea(fields: BoxFields, where: string): void {
  if (!(fields.xMin < fields.xMax && fields.yMin < fields.yMax)) {
    throw new ApiError(
      'bad-input',
      `a box needs XMin < XMax and YMin < YMax (got ${fields.xMin}..${fields.xMax} × ${fields.yMin}..${fields.yMax}): zero-area or inverted`,
      where,
    )
  }
}

function applyCreateBox(ctx: EditContext, imageRowId: number, fields: BoxFields, where: string, reverts: number | null = null): number {
  checkArea(fields, where)
  const classId = classIdOf(ctx.db, fields.classCode, `${where}.classCode`)
  ctx.touch(imageRowId)
  const boxId = insertBox(ctx.db, imageRowId, classId, fields)
  ctx.boxId = boxId
  return ctx.append({ imageId: imageRowId, kind: 'box-create', classId, boxId, before: null, after: fields, revertsEditId: reverts })
}

/**
 * A box a user draws (annotate.createBox): the box, then its class as a human-verified positive label
 * of the image, since in Open Images a box's class is a positive label of its image. No label edit
 * when the image has that label already; a human `absent` (or two human sources that disagree)
 * becomes `present`, the box being proof. Both edits go in the one receipt, box first, so an undo of
 * the request (its edits reverted newest first) takes both away. Reverts that bring a box back add no
 * label: they only put back what the reverted edit changed.
 */
export function applyDrawBox(ctx: EditContext, imageRowId: number, fields: BoxFields, where: string): void {
  applyCreateBox(ctx, imageRowId, fields, where)
  applyVerdict(ctx, imageRowId, classIdOf(ctx.db, fields.classCode, `${where}.classCode`), 'present')
}

/** The box, which must exist on this image. */
export function boxOfImage(ctx: EditContext, imageRowId: number, boxId: number, imageKey: string): StoredBox {
  const box = storedBox(ctx.db, boxId)
  if (!box || box.imageId !== imageRowId) {
    const gone = isDeletedBox(ctx.db, boxId) ? ' (it was deleted)' : ''
    throw new ApiError('not-found', `image ${imageKey} has no box ${boxId}${gone}`, 'boxId')
  }
  return box
}

/** Changes the fields of `patch` that differ; returns the edit id, or null when nothing differs. */
export function applyBoxPatch(ctx: EditContext, box: StoredBox, patch: BoxPatch, reverts: number | null = null): number | null {
  const merged: BoxFields = { ...box.fields, ...patch }
  checkArea(merged, 'patch')
  const keys = (Object.keys(patch) as Array<keyof BoxFields>).filter((key) => patch[key] !== undefined && patch[key] !== box.fields[key])
  if (keys.length === 0) return null
  const classId = patch.classCode !== undefined && patch.classCode !== box.fields.classCode ? classIdOf(ctx.db, patch.classCode, 'patch.classCode') : null
  const before = Object.fromEntries(keys.map((key) => [key, box.fields[key]])) as BoxPatch
  const after = Object.fromEntries(keys.map((key) => [key, merged[key]])) as BoxPatch
  ctx.touch(box.imageId)
  patchBox(ctx.db, box.boxId, after, classId)
  return ctx.append({ imageId: box.imageId, kind: 'box-update', classId: classId ?? box.classId, boxId: box.boxId, before, after, revertsEditId: reverts })
}

export function applyDeleteBox(ctx: EditContext, box: StoredBox, reverts: number | null = null): number {
  ctx.touch(box.imageId)
  removeBox(ctx.db, box.boxId)
  return ctx.append({ imageId: box.imageId, kind: 'box-delete', classId: box.classId, boxId: box.boxId, before: box.fields, after: null, revertsEditId: reverts })
}

/** Writes a new edit that puts back what `edit` changed. */
export function applyRevert(ctx: EditContext, edit: StoredEdit): void {
  const why = `edit ${edit.editId} (${edit.kind} on image ${edit.imageId}) cannot be reverted:`
  if (edit.kind === 'label') {
    const target = (edit.before as { verdict: Verdict | 'imported' }).verdict
    if (target !== 'imported') {
      applyVerdict(ctx, edit.imageRowId, edit.classId, target, edit.editId)
      return
    }
    const was = editedVerdict(ctx.db, edit.imageRowId, edit.classId)
    if (was === null) return
    ctx.touch(edit.imageRowId)
    restoreImportedLabels(ctx.db, edit.imageRowId, edit.classId)
    ctx.append({ imageId: edit.imageRowId, kind: 'label', classId: edit.classId, boxId: null, before: { verdict: was }, after: { verdict: 'imported' }, revertsEditId: edit.editId })
    return
  }
  const boxId = edit.boxId!
  if (edit.kind === 'box-delete') {
    if (!isDeletedBox(ctx.db, boxId)) throw new ApiError('bad-input', `${why} box ${boxId} is there again`, 'editId')
    const fields = edit.before as BoxFields
    const classId = classIdOf(ctx.db, fields.classCode, 'editId')
    ctx.touch(edit.imageRowId)
    restoreBox(ctx.db, boxId, classId, fields)
    ctx.boxId = boxId
    ctx.append({ imageId: edit.imageRowId, kind: 'box-create', classId, boxId, before: null, after: fields, revertsEditId: edit.editId })
    return
  }
  const box = storedBox(ctx.db, boxId)
  if (!box) throw new ApiError('bad-input', `${why} box ${boxId} has been deleted since`, 'editId')
  if (edit.kind === 'box-create') applyDeleteBox(ctx, box, edit.editId)
  else applyBoxPatch(ctx, box, edit.before as BoxPatch, edit.editId)
}
