import { useCallback, useRef, useState } from 'react'
import { emptyEditStack, pushEdit, revertNewestFirst, settleEntry, takeEntry, type EditEntry, type EditStack, type RevertOutcome } from './edit-stack'

export interface EditHistory {
  canUndo: boolean
  canRedo: boolean
  /** An undo or redo is running: "3 / 120" reverts done, else null. */
  progress: { done: number; total: number } | null
  /** Keeps an action for undo (an action that changed nothing is not kept). */
  record: (entry: EditEntry) => void
  /** Reverts the newest action of one side; resolves to what it did, or null when there was nothing to do. */
  step: (side: 'undo' | 'redo') => Promise<{ entry: EditEntry; outcome: RevertOutcome } | null>
}

/**
 * The window's undo and redo stacks (see edit-stack.ts for the rules). `revert` sends one
 * annotate.revert and returns the edit ids it wrote; `settled` resolves once every edit sent so far
 * was answered. Undo and redo steps queue: one runs at a time.
 */
export function useEditHistory(revert: (editId: number) => Promise<readonly number[]>, settled: () => Promise<unknown>): EditHistory {
  const [stack, setStack] = useState<EditStack>(emptyEditStack)
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const latest = useRef(stack)
  const update = useCallback((change: (stack: EditStack) => EditStack) => {
    latest.current = change(latest.current)
    setStack(latest.current)
  }, [])

  const record = useCallback((entry: EditEntry) => update((s) => pushEdit(s, entry)), [update])

  // Steps run one after another, each once the edits sent before it were answered: a Ctrl+Z pressed
  // while an edit or the last undo is on its way undoes that edit, or the action before.
  const queue = useRef<Promise<unknown>>(Promise.resolve())
  const run = useCallback(
    async (side: 'undo' | 'redo') => {
      const taken = takeEntry(latest.current, side)
      if (!taken) return null
      update(() => taken.stack)
      setProgress({ done: 0, total: taken.entry.editIds.length })
      try {
        const outcome = await revertNewestFirst(taken.entry.editIds, revert, (done, total) => setProgress({ done, total }))
        update((s) => settleEntry(s, side, taken.entry, outcome))
        return { entry: taken.entry, outcome }
      } finally {
        setProgress(null)
      }
    },
    [revert, update],
  )
  const step = useCallback(
    (side: 'undo' | 'redo') => {
      const next = queue.current.then(settled).then(() => run(side))
      queue.current = next.catch(() => null)
      return next
    },
    [run, settled],
  )

  return { canUndo: stack.undo.length > 0, canRedo: stack.redo.length > 0, progress, record, step }
}
