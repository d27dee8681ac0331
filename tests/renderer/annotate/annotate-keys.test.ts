import { describe, expect, it } from 'vitest'
import { annotateKeyAction, historyKeyAction } from '../../../src/renderer/annotate/annotate-keys'
import { viewKeyAction } from '../../../src/renderer/browse/view-keys'

type Keys = Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean; target: unknown }>
const key = (name: string, extra: Keys = {}) => ({ key: name, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...extra })

describe('annotateKeyAction', () => {
  it('maps y / n, the vertical arrows, d and Delete', () => {
    expect(annotateKeyAction(key('y'))).toBe('accept')
    expect(annotateKeyAction(key('n'))).toBe('reject')
    expect(annotateKeyAction(key('ArrowUp'))).toBe('label-up')
    expect(annotateKeyAction(key('ArrowDown'))).toBe('label-down')
    expect(annotateKeyAction(key('d'))).toBe('toggle-draw')
    expect(annotateKeyAction(key('Delete'))).toBe('delete-box')
    expect(annotateKeyAction(key('Backspace'))).toBe('delete-box')
  })

  it('shares no key with the image view’s own keys', () => {
    for (const name of ['y', 'n', 'ArrowUp', 'ArrowDown', 'd', 'Delete', 'Backspace']) expect(viewKeyAction(key(name)), name).toBeNull()
    for (const name of ['ArrowLeft', 'ArrowRight', 'j', 'k', 'b', '+', '=', '-', '_', '0', 'Escape']) expect(annotateKeyAction(key(name)), name).toBeNull()
  })

  it('leaves typing, modified keys and unknown keys alone', () => {
    expect(annotateKeyAction(key('y', { target: { tagName: 'INPUT', type: 'text' } }))).toBeNull()
    expect(annotateKeyAction(key('d', { target: { tagName: 'TEXTAREA' } }))).toBeNull()
    expect(annotateKeyAction(key('Delete', { target: { tagName: 'DIV', isContentEditable: true } }))).toBeNull()
    expect(annotateKeyAction(key('n', { ctrlKey: true }))).toBeNull()
    expect(annotateKeyAction(key('d', { metaKey: true }))).toBeNull()
    expect(annotateKeyAction(key('y', { altKey: true }))).toBeNull()
    expect(annotateKeyAction(key('hasOwnProperty'))).toBeNull()
    expect(annotateKeyAction(key('y', { target: { tagName: 'BUTTON' } }))).toBe('accept')
  })
})

describe('historyKeyAction', () => {
  it('undoes with Ctrl+Z or Cmd+Z, redoes with Shift or Ctrl+Y', () => {
    expect(historyKeyAction(key('z', { ctrlKey: true }))).toBe('undo')
    expect(historyKeyAction(key('z', { metaKey: true }))).toBe('undo')
    expect(historyKeyAction(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo')
    expect(historyKeyAction(key('z', { metaKey: true, shiftKey: true }))).toBe('redo')
    expect(historyKeyAction(key('y', { ctrlKey: true }))).toBe('redo')
  })

  it('leaves plain keys, Alt and text fields alone', () => {
    expect(historyKeyAction(key('z'))).toBeNull()
    expect(historyKeyAction(key('y'))).toBeNull()
    expect(historyKeyAction(key('z', { ctrlKey: true, altKey: true }))).toBeNull()
    expect(historyKeyAction(key('z', { ctrlKey: true, target: { tagName: 'INPUT', type: 'search' } }))).toBeNull()
    expect(historyKeyAction(key('a', { ctrlKey: true }))).toBeNull()
  })
})
