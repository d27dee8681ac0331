/**
 * The window's undo and redo stacks as plain values. An entry is what one user action wrote: the
 * edit ids of its receipts (a batch may hold thousands), oldest first. Undo reverts an entry's edits
 * newest first and moves the reverts to the redo stack; redo reverts those reverts.
 */

export interface EditEntry {
  /** The edits written, oldest first. */
  editIds: readonly number[]
  /** The action in words, for the notice ("Rejected Dog"). */
  what: string
}

export interface EditStack {
  undo: readonly EditEntry[]
  redo: readonly EditEntry[]
}

/** How many actions the window can undo; older ones fall off (the history keeps them all). */
export const maxUndo = 200

export const emptyEditStack: EditStack = { undo: [], redo: [] }

const withEntry = (list: readonly EditEntry[], entry: EditEntry | null) =>
  entry && entry.editIds.length > 0 ? [...list, entry].slice(-maxUndo) : list

/** A new action: undoable, and redo no longer applies. An action that changed nothing is not kept. */
export function pushEdit(stack: EditStack, entry: EditEntry): EditStack {
  if (entry.editIds.length === 0) return stack
  return { undo: withEntry(stack.undo, entry), redo: [] }
}

/** Takes the newest entry off one side, or null when that side is empty. */
export function takeEntry(stack: EditStack, side: 'undo' | 'redo'): { entry: EditEntry; stack: EditStack } | null {
  const list = stack[side]
  const entry = list[list.length - 1]
  if (!entry) return null
  return { entry, stack: { ...stack, [side]: list.slice(0, -1) } }
}

/**
 * Puts back what an undo (side `undo`) or redo (side `redo`) of `entry` did: the reverts it wrote
 * go to the other side; edits it could not revert (a failure midway) stay where they were.
 */
export function settleEntry(stack: EditStack, side: 'undo' | 'redo', entry: EditEntry, outcome: { reverted: readonly number[]; remaining: readonly number[] }): EditStack {
  const other = side === 'undo' ? 'redo' : 'undo'
  const kept = withEntry(stack[side], { editIds: outcome.remaining, what: entry.what })
  const moved = withEntry(stack[other], { editIds: outcome.reverted, what: entry.what })
  return side === 'undo' ? { undo: kept, redo: moved } : { undo: moved, redo: kept }
}

export interface RevertOutcome {
  /** The edits the reverts wrote, in the order written. */
  reverted: number[]
  /** The edits left unreverted (oldest first) when a revert failed. */
  remaining: number[]
  /** The failure that stopped it, or null. */
  error: unknown
}

/**
 * Reverts `editIds` newest first, one at a time (a later edit may build on an earlier one), and stops
 * at the first failure. `revert` returns the edit ids the revert wrote.
 */
export async function revertNewestFirst(
  editIds: readonly number[],
  revert: (editId: number) => Promise<readonly number[]>,
  onProgress?: (done: number, total: number) => void,
): Promise<RevertOutcome> {
  const reverted: number[] = []
  for (let i = editIds.length - 1; i >= 0; i--) {
    try {
      reverted.push(...(await revert(editIds[i]!)))
    } catch (error) {
      return { reverted, remaining: editIds.slice(0, i + 1), error }
    }
    onProgress?.(editIds.length - i, editIds.length)
  }
  return { reverted, remaining: [], error: null }
}
