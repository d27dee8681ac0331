import { describe, expect, it } from 'vitest'
import { viewKeyAction } from '../../../src/renderer/browse/view-keys'

const press = (key: string, extra: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: unknown }> = {}) =>
  viewKeyAction({ key, ctrlKey: false, metaKey: false, altKey: false, ...extra })

describe('viewKeyAction', () => {
  it('steps with the arrows and j/k, toggles boxes with b', () => {
    expect(press('ArrowRight')).toBe('next')
    expect(press('j')).toBe('next')
    expect(press('ArrowLeft')).toBe('previous')
    expect(press('k')).toBe('previous')
    expect(press('b')).toBe('toggle-boxes')
  })

  it('zooms with + and -, with or without Shift, and fits with 0', () => {
    expect(press('+')).toBe('zoom-in')
    expect(press('=')).toBe('zoom-in')
    expect(press('-')).toBe('zoom-out')
    expect(press('_')).toBe('zoom-out')
    expect(press('0')).toBe('zoom-fit')
  })

  it('leaves other keys, modified keys and typing alone', () => {
    expect(press('x')).toBeNull()
    expect(press('Escape')).toBeNull()
    expect(press('toString')).toBeNull()
    expect(press('+', { ctrlKey: true })).toBeNull()
    expect(press('ArrowRight', { metaKey: true })).toBeNull()
    expect(press('j', { altKey: true })).toBeNull()
    expect(press('j', { target: { tagName: 'INPUT', type: 'text' } })).toBeNull()
    expect(press('b', { target: { tagName: 'TEXTAREA' } })).toBeNull()
    expect(press('b', { target: { tagName: 'DIV', isContentEditable: true } })).toBeNull()
    expect(press('b', { target: { tagName: 'INPUT', type: 'checkbox' } })).toBe('toggle-boxes')
    expect(press('b', { target: { tagName: 'BUTTON' } })).toBe('toggle-boxes')
  })
})
