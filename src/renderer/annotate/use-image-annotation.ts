import { useCallback, useState } from 'react'
import type { BoxFields, BoxPatch, ImageBox, ImageDetail, ImageLabel, Verdict } from '../../shared/api/index'
import { isHumanSource } from '../../shared/labels'
import { labelKey } from '../browse/label-groups'
import type { NormalizedRect } from '../browse/view/stage-view'
import type { AnnotateKeyAction } from './annotate-keys'
import type { ClassChoice } from './class-picker'
import { useEdits } from './edits-context'

/** A box drawn and waiting for its class. */
export interface DraftBox {
  rect: NormalizedRect
  choice: ClassChoice | null
}

interface PerImage {
  imageId: string | null
  selectedBoxId: number | null
  selectedLabel: string | null
  draft: DraftBox | null
}

const nothingSelected = (imageId: string | null): PerImage => ({ imageId, selectedBoxId: null, selectedLabel: null, draft: null })

/** Flags of a box drawn here until the user sets them: not occluded, truncated, a group, a depiction or inside. */
export const newBoxFlags = { isOccluded: 0, isTruncated: 0, isGroupOf: 0, isDepiction: 0, isInside: 0 } as const

const verdictWords: Record<Verdict, (name: string, machine: boolean) => string> = {
  present: (name, machine) => (machine ? `Accepted ${name}` : `Marked ${name} present`),
  absent: (name, machine) => (machine ? `Rejected ${name}` : `Marked ${name} absent`),
  none: (name) => `Removed the label ${name}`,
}

export interface ImageAnnotation {
  drawMode: boolean
  toggleDraw: () => void
  selectedBoxId: number | null
  selectedBox: ImageBox | null
  selectBox: (boxId: number | null) => void
  draft: DraftBox | null
  onDraw: (rect: NormalizedRect) => void
  setDraftClass: (choice: ClassChoice | null) => void
  createDraft: () => void
  cancelDraft: () => void
  reshape: (boxId: number, rect: NormalizedRect) => Promise<boolean>
  updateSelected: (patch: BoxPatch, what: string) => void
  deleteSelected: () => void
  selectedLabel: string | null
  selectLabel: (label: ImageLabel) => void
  setVerdict: (label: ImageLabel, verdict: Verdict) => void
  addLabel: (choice: ClassChoice) => void
  /** Runs an annotate key; `listed` is the labels in the order shown (for ↑/↓). */
  runKey: (action: AnnotateKeyAction, listed: readonly ImageLabel[]) => void
  /** Esc: drops the draft, else the box selection, else leaves draw mode; false when there was nothing to drop. */
  escape: () => boolean
}

/**
 * The annotate state of the image view and its edits: draw mode (kept from image to image, left
 * once a box is added), the selected box and label and the drawn box waiting for its class (per
 * image). Edits go through the window's edits (undoable; the view reloads when they are answered).
 */
export function useImageAnnotation(detail: ImageDetail | null, imageId: string | null, onShowBoxes: () => void): ImageAnnotation {
  const edits = useEdits()
  const { send, setLabels, lastClass, rememberClass } = edits
  const [drawMode, setDrawMode] = useState(false)
  const [stored, setState] = useState<PerImage>(() => nothingSelected(imageId))
  const state = stored.imageId === imageId ? stored : nothingSelected(imageId)
  const update = useCallback((patch: Partial<PerImage>) => setState((s) => ({ ...(s.imageId === imageId ? s : nothingSelected(imageId)), ...patch })), [imageId])

  const boxes = detail?.boxes ?? []
  const labels = detail?.labels ?? []
  const selectedBox = boxes.find((box) => box.boxId === state.selectedBoxId) ?? null
  const selectedLabel = labels.find((label) => labelKey(label) === state.selectedLabel) ?? null

  const toggleDraw = () => {
    if (!drawMode) onShowBoxes()
    setDrawMode(!drawMode)
    // Leaving draw mode keeps the box just drawn selected, with its handles; entering it drops the selection.
    update(drawMode ? { draft: null } : { draft: null, selectedBoxId: null })
  }
  const onDraw = (rect: NormalizedRect) => {
    const fromLabel = selectedLabel ? { code: selectedLabel.code, name: selectedLabel.name } : null
    update({ draft: { rect, choice: fromLabel ?? lastClass }, selectedBoxId: null })
  }
  const setDraftClass = (choice: ClassChoice | null) => update({ draft: state.draft && { ...state.draft, choice } })

  const createDraft = () => {
    const draft = state.draft
    if (!draft?.choice || !imageId) return
    const choice = draft.choice
    const box: BoxFields = { classCode: choice.code, ...draft.rect, ...newBoxFlags }
    void send('annotate.createBox', { imageId, box }, `Drew a ${choice.name} box`).then((receipt) => {
      if (!receipt) return
      rememberClass(choice)
      // Draw mode ends with the box added: it is selected with its handles, `d` draws the next one.
      setDrawMode(false)
      update({ draft: null, selectedBoxId: receipt.boxId })
    })
  }

  const updateBox = (boxId: number, patch: BoxPatch, what: string) =>
    imageId ? send('annotate.updateBox', { imageId, boxId, patch }, what).then((receipt) => receipt !== null) : Promise.resolve(false)
  const reshape = (boxId: number, rect: NormalizedRect) => {
    const name = boxes.find((box) => box.boxId === boxId)?.name ?? 'a'
    return updateBox(boxId, { ...rect }, `Moved the ${name} box`)
  }
  const updateSelected = (patch: BoxPatch, what: string) => {
    if (selectedBox) void updateBox(selectedBox.boxId, patch, what)
  }
  const deleteSelected = () => {
    const box = selectedBox
    if (!box || !imageId) return
    void send('annotate.deleteBox', { imageId, boxId: box.boxId }, `Deleted the ${box.name} box`).then((receipt) => {
      if (receipt) update({ selectedBoxId: null })
    })
  }

  const setVerdict = (label: ImageLabel, verdict: Verdict) => {
    if (!imageId || label.source === 'tuning') return
    const what = verdictWords[verdict](label.name, label.source === 'machine')
    void setLabels([{ imageId, classCode: label.code, verdict }], what)
  }
  const addLabel = (choice: ClassChoice) => {
    if (!imageId) return
    void setLabels([{ imageId, classCode: choice.code, verdict: 'present' }], `Added the label ${choice.name}`).then((receipt) => {
      if (receipt) rememberClass(choice)
    })
  }

  const runKey = (action: AnnotateKeyAction, listed: readonly ImageLabel[]) => {
    if (action === 'toggle-draw') return toggleDraw()
    if (action === 'delete-box') return deleteSelected()
    if (action === 'accept' || action === 'reject') {
      if (selectedLabel && (selectedLabel.source === 'machine' || isHumanSource(selectedLabel.source))) setVerdict(selectedLabel, action === 'accept' ? 'present' : 'absent')
      return
    }
    const at = listed.findIndex((label) => labelKey(label) === state.selectedLabel)
    const next = at < 0 ? (action === 'label-down' ? 0 : listed.length - 1) : Math.min(listed.length - 1, Math.max(0, at + (action === 'label-down' ? 1 : -1)))
    const label = listed[next]
    if (label) update({ selectedLabel: labelKey(label) })
  }

  const escape = () => {
    if (state.draft) update({ draft: null })
    else if (selectedBox !== null) update({ selectedBoxId: null })
    else if (drawMode) setDrawMode(false)
    else return false
    return true
  }

  return {
    drawMode,
    toggleDraw,
    selectedBoxId: selectedBox?.boxId ?? null,
    selectedBox,
    selectBox: (boxId) => update({ selectedBoxId: boxId }),
    draft: state.draft,
    onDraw,
    setDraftClass,
    createDraft,
    cancelDraft: () => update({ draft: null }),
    reshape,
    updateSelected,
    deleteSelected,
    selectedLabel: state.selectedLabel,
    selectLabel: (label) => update({ selectedLabel: labelKey(label) }),
    setVerdict,
    addLabel,
    runKey,
    escape,
  }
}
