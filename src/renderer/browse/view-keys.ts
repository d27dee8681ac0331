/** What a key press does in the image view. Esc is the dialog's own (it closes). */
export type ViewKeyAction = 'next' | 'previous' | 'toggle-boxes'

export function viewKeyAction(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): ViewKeyAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null
  switch (event.key) {
    case 'ArrowRight':
    case 'j':
      return 'next'
    case 'ArrowLeft':
    case 'k':
      return 'previous'
    case 'b':
      return 'toggle-boxes'
    default:
      return null
  }
}
