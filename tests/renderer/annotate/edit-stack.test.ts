import { describe, expect, it } from 'vitest'
import { emptyEditStack, maxUndo, pushEdit, revertNewestFirst, settleEntry, takeEntry, type EditStack } from '../../../src/renderer/annotate/edit-stack'

const entry = (what: string, ...editIds: number[]) => ({ what, editIds })

/**
 * A fake server for reverts: every revert writes one new edit (ids from 100 up) and remembers what
 * it reverted; `failAt` makes the revert of that edit fail.
 */
function fakeServer(failAt: number | null = null) {
  let next = 100
  const reverted: number[] = []
  return {
    reverted,
    revert: async (editId: number) => {
      if (editId === failAt) throw new Error(`edit ${editId} cannot be reverted`)
      reverted.push(editId)
      return [next++]
    },
  }
}

describe('pushEdit and takeEntry', () => {
  it('undoes the newest action first, and a new action drops redo', () => {
    let stack: EditStack = pushEdit(pushEdit(emptyEditStack, entry('a', 1)), entry('b', 2, 3))
    const taken = takeEntry(stack, 'undo')!
    expect(taken.entry).toEqual(entry('b', 2, 3))
    stack = settleEntry(taken.stack, 'undo', taken.entry, { reverted: [4, 5], remaining: [] })
    expect(stack).toEqual({ undo: [entry('a', 1)], redo: [entry('b', 4, 5)] })
    stack = pushEdit(stack, entry('c', 6))
    expect(stack).toEqual({ undo: [entry('a', 1), entry('c', 6)], redo: [] })
  })

  it('keeps no action that changed nothing, and has nothing to take from an empty side', () => {
    expect(pushEdit(emptyEditStack, entry('nothing'))).toBe(emptyEditStack)
    expect(takeEntry(emptyEditStack, 'undo')).toBeNull()
    expect(takeEntry(emptyEditStack, 'redo')).toBeNull()
  })

  it('keeps the newest actions only, up to the limit', () => {
    let stack = emptyEditStack
    for (let i = 1; i <= maxUndo + 5; i++) stack = pushEdit(stack, entry(`e${i}`, i))
    expect(stack.undo).toHaveLength(maxUndo)
    expect(stack.undo[0]!.editIds).toEqual([6])
    expect(stack.undo[maxUndo - 1]!.editIds).toEqual([maxUndo + 5])
  })
})

describe('revertNewestFirst', () => {
  it('reverts a batch newest first and returns the reverts in the order written', async () => {
    const server = fakeServer()
    const progress: number[] = []
    const outcome = await revertNewestFirst([7, 8, 9], server.revert, (done) => progress.push(done))
    expect(server.reverted).toEqual([9, 8, 7])
    expect(outcome).toEqual({ reverted: [100, 101, 102], remaining: [], error: null })
    expect(progress).toEqual([1, 2, 3])
  })

  it('redo reverts the reverts, newest first: the original edits come back in their order', async () => {
    const server = fakeServer()
    const undone = await revertNewestFirst([7, 8, 9], server.revert)
    const redone = await revertNewestFirst(undone.reverted, server.revert)
    // 102 reverted 7, so it is reverted first: 7 comes back first, then 8, then 9.
    expect(server.reverted).toEqual([9, 8, 7, 102, 101, 100])
    expect(redone.reverted).toEqual([103, 104, 105])
  })

  it('stops at the first failure and keeps the unreverted edits, oldest first', async () => {
    const server = fakeServer(8)
    const outcome = await revertNewestFirst([6, 7, 8, 9], server.revert)
    expect(server.reverted).toEqual([9])
    expect(outcome.reverted).toEqual([100])
    expect(outcome.remaining).toEqual([6, 7, 8])
    expect((outcome.error as Error).message).toMatch(/edit 8/)
  })
})

describe('undo and redo through the stack', () => {
  it('a failed undo leaves what it could not revert undoable and what it did redoable', async () => {
    const server = fakeServer(2)
    let stack = pushEdit(emptyEditStack, entry('batch', 1, 2, 3))
    const taken = takeEntry(stack, 'undo')!
    const outcome = await revertNewestFirst(taken.entry.editIds, server.revert)
    stack = settleEntry(taken.stack, 'undo', taken.entry, outcome)
    expect(stack).toEqual({ undo: [entry('batch', 1, 2)], redo: [entry('batch', 100)] })
  })

  it('undo, redo, undo again walks the same action back and forth', async () => {
    const server = fakeServer()
    let stack = pushEdit(emptyEditStack, entry('box', 1))
    for (const side of ['undo', 'redo', 'undo'] as const) {
      const taken = takeEntry(stack, side)!
      stack = settleEntry(taken.stack, side, taken.entry, await revertNewestFirst(taken.entry.editIds, server.revert))
    }
    expect(server.reverted).toEqual([1, 100, 101])
    expect(stack).toEqual({ undo: [], redo: [entry('box', 102)] })
  })
})
