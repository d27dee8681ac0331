import { isTextField } from '../browse/view-keys'

/**
 * The image view's annotate keys. They share no key with the view's own (←/→ j/k step, b boxes,
 * +/- zoom, 0 fit, Esc close): y accepts and n rejects the selected label, ↑/↓ select a label, d
 * toggles draw mode, Delete (or Backspace) deletes the selected box.
 */
export type AnnotateKeyAction = 'accept' | 'reject' | 'label-up' | 'label-down' | 'toggle-draw' | 'delete-box'

const annotateActions: Record<string, AnnotateKeyAction> = {
  y: 'accept',
  n: 'reject',
  ArrowUp: 'label-up',
  ArrowDown: 'label-down',
  d: 'toggle-draw',
  Delete: 'delete-box',
  Backspace: 'delete-box',
}

interface KeyPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey?: boolean
  target?: unknown
}

/** The annotate action of a key in the image view, or null: modified keys and typing are left alone. */
export function annotateKeyAction(event: KeyPress): AnnotateKeyAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey || isTextField(event.target)) return null
  return Object.hasOwn(annotateActions, event.key) ? annotateActions[event.key]! : null
}

/**
 * Undo and redo, anywhere in the window: Ctrl+Z (Cmd+Z) undoes, Ctrl+Shift+Z and Ctrl+Y redo. In a
 * text field the field's own undo wins.
 */
export function historyKeyAction(event: KeyPress): 'undo' | 'redo' | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || isTextField(event.target)) return null
  const key = event.key.toLowerCase()
  if (key === 'z') return event.shiftKey ? 'redo' : 'undo'
  if (key === 'y' && !event.shiftKey) return 'redo'
  return null
}
