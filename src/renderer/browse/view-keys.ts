/** What a key press does in the image view. Esc is the dialog's own (it closes). */
export type ViewKeyAction = 'next' | 'previous' | 'toggle-boxes' | 'zoom-in' | 'zoom-out' | 'zoom-fit'

const actions: Record<string, ViewKeyAction> = {
  ArrowRight: 'next',
  j: 'next',
  ArrowLeft: 'previous',
  k: 'previous',
  b: 'toggle-boxes',
  // `=` is `+` without Shift on most layouts; numpad keys report `+` and `-` too.
  '+': 'zoom-in',
  '=': 'zoom-in',
  '-': 'zoom-out',
  _: 'zoom-out',
  '0': 'zoom-fit',
}

/**
 * The action of a key, or null for keys the view leaves alone: anything with Ctrl, Cmd or Alt (the
 * browser's own zoom and shortcuts), and keys typed into a text field.
 */
export function viewKeyAction(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; target?: unknown }): ViewKeyAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null
  if (isTextField(event.target)) return null
  return Object.hasOwn(actions, event.key) ? actions[event.key]! : null
}

const buttonLikeInputs = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'])

/** Whether a key press goes to a text field (typing there must not trigger shortcuts). */
export function isTextField(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) return false
  const { tagName, type, isContentEditable } = target as { tagName?: unknown; type?: unknown; isContentEditable?: unknown }
  if (tagName === 'INPUT') return !(typeof type === 'string' && buttonLikeInputs.has(type))
  return tagName === 'TEXTAREA' || tagName === 'SELECT' || isContentEditable === true
}
